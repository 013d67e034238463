; On a read-only drive (D:) reading works and every change is access denied (5).
%include "macros.inc"
        org 100h
        mov ax, 3D00h               ; 1: read
        mov dx, n_file
        int 21h
        call show
        mov bx, ax
        mov ah, 3Fh
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov ah, 3Eh
        int 21h
        mov ax, 3D01h               ; 2: open for writing
        mov dx, n_file
        int 21h
        call show
        mov ax, 3D02h               ; 3: read-write
        mov dx, n_file
        int 21h
        call show
        mov ah, 3Ch                 ; 4: create over it
        xor cx, cx
        mov dx, n_file
        int 21h
        call show
        mov ah, 3Ch                 ; 5: create a new file
        xor cx, cx
        mov dx, n_new
        int 21h
        call show
        mov ah, 5Bh                 ; 6: create new
        xor cx, cx
        mov dx, n_new
        int 21h
        call show
        mov ah, 41h                 ; 7: delete
        mov dx, n_file
        int 21h
        call show
        mov ah, 56h                 ; 8: rename
        mov dx, n_file
        push ds
        pop es
        mov di, n_new
        int 21h
        call show
        mov ax, 4301h               ; 9: attributes
        xor cx, cx
        mov dx, n_file
        int 21h
        call show
        mov ah, 5Ah                 ; 10: a temporary file
        xor cx, cx
        mov dx, n_dir
        int 21h
        call show
        mov ah, 6Ch                 ; 11: extended open, replace
        mov bx, 2
        xor cx, cx
        mov dx, 12h
        mov si, n_file
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_file  db "D:\KEEP.TXT", 0
n_new   db "D:\NEW.TXT", 0
n_dir   db "D:\", 0
        times 16 db 0
buf     times 8 db 0
