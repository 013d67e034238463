; A DOS filter: reads standard input (handle 0) until end of file, writes it
; upper-cased to standard output, exits with the number of lines read.
        org 100h
        xor bp, bp                  ; lines
.read:  mov ah, 3Fh
        xor bx, bx
        mov cx, 64
        mov dx, buf
        int 21h
        jc .fail
        or ax, ax
        jz .eof
        mov cx, ax
        mov si, buf
.up:    mov al, [si]
        cmp al, 10
        jne .notlf
        inc bp
.notlf: cmp al, 'a'
        jb .keep
        cmp al, 'z'
        ja .keep
        sub al, 20h
.keep:  mov [si], al
        inc si
        loop .up
        mov cx, ax
        mov cx, si
        sub cx, buf
        mov ah, 40h
        mov bx, 1
        mov dx, buf
        int 21h
        jmp .read
.eof:   mov ax, bp
        mov ah, 4Ch
        int 21h
.fail:  mov ax, 4CFFh
        int 21h
buf     times 64 db 0
