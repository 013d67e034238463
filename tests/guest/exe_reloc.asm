; An MZ EXE with a hand-written header: two relocations, its own stack segment,
; code and data in different segments. Checks what it finds at entry and exits
; with code 7 when everything is where the header put it.
        org 0
header:
        db "MZ"
        dw (file_end - header) % 512                ; bytes in the last page
        dw (file_end - header + 511) / 512          ; pages
        dw 2                                        ; relocations
        dw (code_base - header) / 16                ; header paragraphs
        dw 100h                                     ; minimum extra paragraphs
        dw 0FFFFh                                   ; maximum extra paragraphs
        dw (stack_base - code_base) / 16            ; SS, relative to the load segment
        dw 200h                                     ; SP
        dw 0                                        ; checksum
        dw start - code_base                        ; IP
        dw 0                                        ; CS, relative
        dw relocs - header                          ; relocation table offset
        dw 0                                        ; overlay number
relocs: dw fix1 - code_base, 0                      ; offset, segment of each word to relocate
        dw dataseg - code_base, 0
        align 16, db 0

code_base:
start:
        db 0B8h                                     ; mov ax, imm16 (relocated)
fix1:   dw (data_base - code_base) / 16
        mov ds, ax
        mov dx, msg - data_base
        mov ah, 09h
        int 21h
        mov ax, [cs:dataseg - code_base]            ; the second relocated word
        mov bx, ds
        cmp ax, bx
        jne fail
        mov ax, ss                                  ; SS is the stack segment, SP 200h
        sub ax, bx
        cmp ax, (stack_base - data_base) / 16
        jne fail
        cmp sp, 200h
        jne fail
        mov ah, 62h                                 ; ES = PSP, CS = PSP + 10h
        int 21h
        mov ax, es
        cmp ax, bx
        jne fail
        add bx, 10h
        mov ax, cs
        cmp ax, bx
        jne fail
        mov dx, ok - data_base
        mov ah, 09h
        int 21h
        mov ax, 4C07h
        int 21h
fail:   mov dx, bad - data_base
        mov ah, 09h
        int 21h
        mov ax, 4C01h
        int 21h
dataseg dw (data_base - code_base) / 16
        align 16, db 0

data_base:
msg     db "EXE running", 13, 10, "$"
ok      db "layout ok", 13, 10, "$"
bad     db "layout wrong", 13, 10, "$"
        align 16, db 0

stack_base:
        times 200h db 0
file_end:
