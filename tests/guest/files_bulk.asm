; 1 MiB written in 32 KiB calls, read back in 32 KiB calls and checked.
%include "macros.inc"
BUF     equ 1000h
SIZE    equ 8000h
        org 100h
        mov di, BUF                 ; the pattern 00 01 .. FF, repeated
        mov cx, SIZE
        xor al, al
.fill:  stosb
        inc al
        loop .fill
        mov ah, 3Ch
        xor cx, cx
        mov dx, n_file
        int 21h
        jc .bad
        mov bx, ax
        mov bp, 32
.write: mov ah, 40h
        mov cx, SIZE
        mov dx, BUF
        int 21h
        jc .bad
        cmp ax, SIZE
        jne .bad
        dec bp
        jnz .write
        mov ax, 4200h
        xor cx, cx
        xor dx, dx
        int 21h
        mov bp, 32
.read:  mov di, BUF                 ; clear the buffer, read, compare
        mov cx, SIZE / 2
        xor ax, ax
        rep stosw
        mov ah, 3Fh
        mov cx, SIZE
        mov dx, BUF
        int 21h
        jc .bad
        cmp ax, SIZE
        jne .bad
        mov si, BUF
        mov cx, SIZE
        xor dl, dl
.cmp:   lodsb
        cmp al, dl
        jne .bad
        inc dl
        loop .cmp
        dec bp
        jnz .read
        mov ah, 3Fh                 ; then the end
        mov cx, SIZE
        mov dx, BUF
        int 21h
        call show
        exit 0
.bad:   stc
        call show
        exit 1

%include "files_common.inc"
n_file  db "BULK.DAT", 0
