; Sharing modes and record locks between two opens of one file.
%include "macros.inc"
        org 100h
        mov ah, 3Ch                 ; (LOCKED.DAT with 100 bytes)
        xor cx, cx
        mov dx, n_file
        int 21h
        mov bx, ax
        mov ah, 40h
        mov cx, 100
        mov dx, 100h
        int 21h
        mov ah, 3Eh
        int 21h

        mov ax, 3D12h               ; 1: read-write, deny all
        mov dx, n_file
        int 21h
        call show
        mov [h1], ax
        mov ax, 3D40h               ; 2: a second open, even deny none: 32
        mov dx, n_file
        int 21h
        call show
        mov ah, 3Eh
        mov bx, [h1]
        int 21h
        mov ax, 3D20h               ; 3: read, deny write
        mov dx, n_file
        int 21h
        call show
        mov [h1], ax
        mov ax, 3D40h               ; 4: read, deny none: fine
        mov dx, n_file
        int 21h
        call show
        mov [h2], ax
        mov ax, 3D41h               ; 5: write, deny none: 32
        mov dx, n_file
        int 21h
        call show
        mov ah, 3Eh
        mov bx, [h1]
        int 21h
        mov ah, 3Eh
        mov bx, [h2]
        int 21h
        mov ax, 3D52h               ; 6: a bad sharing mode (5): 12
        mov dx, n_file
        int 21h
        call show

        mov ax, 3D42h               ; 7: two read-write deny-none opens
        mov dx, n_file
        int 21h
        mov [h1], ax
        mov ax, 3D42h
        mov dx, n_file
        int 21h
        mov [h2], ax
        mov ax, 5C00h               ; 8: lock bytes 10-19 through the first
        mov bx, [h1]
        xor cx, cx
        mov dx, 10
        xor si, si
        mov di, 10
        int 21h
        call show
        mov ax, 5C00h               ; 9: the second cannot lock 15-24: 33
        mov bx, [h2]
        xor cx, cx
        mov dx, 15
        xor si, si
        mov di, 10
        int 21h
        call show
        mov ax, 4200h               ; 10: nor read them: 33
        mov bx, [h2]
        xor cx, cx
        mov dx, 12
        int 21h
        mov ah, 3Fh
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov ax, 4200h               ; 11: the first reads them
        mov bx, [h1]
        xor cx, cx
        mov dx, 12
        int 21h
        mov ah, 3Fh
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov ax, 5C01h               ; 12: unlocking a range that was not locked: 33
        mov bx, [h1]
        xor cx, cx
        mov dx, 11
        xor si, si
        mov di, 10
        int 21h
        call show
        mov ax, 5C01h               ; 13: unlock
        mov bx, [h1]
        xor cx, cx
        mov dx, 10
        xor si, si
        mov di, 10
        int 21h
        call show
        mov ah, 3Fh                 ; 14: now the second reads
        mov bx, [h2]
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_file  db "LOCKED.DAT", 0
h1      dw 0
h2      dw 0
buf     times 16 db 0
