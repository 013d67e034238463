; Opens one file until DOS says no: the count depends on the JFT (20) and DOS_FILES.
%include "macros.inc"
        org 100h
        mov ah, 3Ch
        xor cx, cx
        mov dx, n_file
        int 21h
        mov bx, ax
        mov ah, 3Eh
        int 21h
        xor bp, bp
.more:  mov ax, 3D00h
        mov dx, n_file
        int 21h
        jc .full
        inc bp
        jmp .more
.full:  call show
        mov ax, bp
        call hex16
        call newline
        exit 0

%include "files_common.inc"
n_file  db "MANY.TXT", 0
