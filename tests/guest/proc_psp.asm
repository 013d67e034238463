; PSPs made by hand: 55h (a child PSP that becomes the current one, handles
; inherited), 26h (a copy of the caller's PSP, the current one unchanged), and
; the CP/M entry CALL 5 (function in CL) of a PSP.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov bx, 10h
        mov ah, 48h
        int 21h
        jc fail
        mov [child], ax
        mov dx, ax                           ; 55h: DX new PSP, SI its top of memory
        mov si, ax
        add si, 10h
        mov ah, 55h
        int 21h
        mov ah, 62h
        int 21h
        cmp bx, [child]
        jne fail
        mov es, bx
        mov ax, cs
        cmp [es:16h], ax                     ; our child
        jne fail
        cmp word [es:0], 20CDh
        jne fail
        mov ax, [child]
        add ax, 10h
        cmp [es:2], ax
        jne fail
        cmp word [es:34h], 18h               ; its own 20-handle table
        jne fail
        cmp [es:36h], bx
        jne fail
        mov al, [es:19h]                     ; standard output inherited
        cmp al, [18h + 1]
        jne fail
        mov ah, 40h                          ; and usable while the child PSP is current
        mov bx, 1
        mov cx, s_55_len
        mov dx, s_55
        int 21h
        mov ah, 50h
        mov bx, cs
        int 21h

        mov bx, 10h                          ; 26h: a copy of our PSP
        mov ah, 48h
        int 21h
        jc fail
        mov [copy], ax
        mov dx, ax
        mov ah, 26h
        int 21h
        mov ah, 62h                          ; still ourselves
        int 21h
        mov ax, cs
        cmp bx, ax
        jne fail
        mov es, [copy]
        mov ax, [16h]                        ; the same parent and top of memory
        cmp [es:16h], ax
        jne fail
        mov ax, [2]
        cmp [es:2], ax
        jne fail
        mov ax, [2Ch]
        cmp [es:2Ch], ax
        jne fail
        print s_26

        mov cl, 02h                          ; CALL 5: function 02h, DL
        mov dl, '*'
        call 5
        mov cl, 09h                          ; and 09h
        mov dx, s_cpm
        call 5
        mov ax, [6]                          ; the bytes this segment holds
        call hex16
        call newline
        exit 0
fail:   push cs
        pop ds
        print s_fail
        exit 1

child   dw 0
copy    dw 0
s_55    db "55:ok", 13, 10
s_55_len equ $ - s_55
s_26    db "26:ok", 13, 10, "$"
s_cpm   db " call 5:ok ", "$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
