; An MZ child for the EXEC tests, with a relocated data segment and its own
; stack: prints its command tail, its first environment string, whether its
; segments are where the header put them, and exits with code 7.
        org 0
header:
        db "MZ"
        dw (file_end - header) % 512
        dw (file_end - header + 511) / 512
        dw 1                                        ; one relocation
        dw (code_base - header) / 16
        dw 40h                                      ; minimum extra paragraphs
        dw 80h                                      ; maximum extra paragraphs
        dw (stack_base - code_base) / 16
        dw 100h                                     ; SP
        dw 0
        dw start - code_base
        dw 0
        dw relocs - header
        dw 0
relocs: dw fix1 - code_base, 0
        align 16, db 0

code_base:
start:
        mov bx, es                                  ; ES = DS = PSP at entry
        db 0B8h                                     ; mov ax, data segment (relocated)
fix1:   dw (data_base - code_base) / 16
        mov ds, ax
        mov dx, s_tail - data_base
        call puts
        mov cl, [es:80h]                            ; the tail, from the PSP
        xor ch, ch
        mov si, 81h
.tail:  jcxz .tailend
        mov dl, [es:si]
        inc si
        mov ah, 02h
        int 21h
        dec cx
        jmp .tail
.tailend:
        mov dx, s_close - data_base
        call puts
        mov dx, s_env - data_base                   ; the first environment string
        call puts
        push es
        mov es, [es:2Ch]
        xor si, si
.env:   mov dl, [es:si]
        inc si
        or dl, dl
        jz .envend
        mov ah, 02h
        int 21h
        jmp .env
.envend:
        pop es
        mov dx, s_nl - data_base
        call puts
        mov ax, cs                                  ; CS = PSP + 10h, SS where the header says
        sub ax, bx
        cmp ax, 10h
        jne .bad
        mov ax, ss
        mov cx, cs
        sub ax, cx
        cmp ax, (stack_base - code_base) / 16
        jne .bad
        cmp sp, 100h
        jne .bad
        mov ax, [es:2]                              ; the block holds at least min extra paragraphs
        sub ax, bx
        cmp ax, 10h + (stack_base + 100h - code_base) / 16 + 40h
        jb .bad
        mov dx, s_ok - data_base
        call puts
        mov ax, 4C07h
        int 21h
.bad:   mov dx, s_bad - data_base
        call puts
        mov ax, 4C01h
        int 21h
puts:   mov ah, 09h
        int 21h
        ret
        align 16, db 0

data_base:
s_tail  db "exe tail:[$"
s_close db "]", 13, 10, "$"
s_env   db "exe env:$"
s_nl    db 13, 10, "$"
s_ok    db "exe layout:ok", 13, 10, "$"
s_bad   db "exe layout:bad", 13, 10, "$"
        align 16, db 0

stack_base:
        times 100h db 0
file_end:
