; 67h: a larger handle table needs memory (error 8 while a COM program holds it
; all); after 4Ah gives memory back, 30 handles fit.
%include "macros.inc"
        org 100h
        mov ah, 3Ch                 ; (a file to open many times)
        xor cx, cx
        mov dx, n_self
        int 21h
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov ah, 67h                 ; 1: 20 or fewer: nothing to do
        mov bx, 15
        int 21h
        call show
        mov ah, 67h                 ; 2: 30 handles, but no free memory: 8
        mov bx, 30
        int 21h
        call show
        mov ah, 4Ah                 ; 3: keep 4 KiB
        push cs
        pop es
        mov bx, 100h
        int 21h
        call show
        mov sp, 0FFEh
        mov ah, 67h                 ; 4: now it works
        mov bx, 30
        int 21h
        call show
        xor bp, bp                  ; 5: 25 files open (5 standard handles)
.more:  mov ax, 3D00h
        mov dx, n_self
        int 21h
        jc .full
        inc bp
        cmp bp, 100
        jb .more
.full:  call show
        mov ax, bp
        call hex16
        call newline
        mov ah, 3Eh                 ; 6: handle 29 is open and closes
        mov bx, 29
        int 21h
        call show
        mov ah, 67h                 ; 7: cannot shrink below the open handles
        mov bx, 20
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_self  db "J.TXT", 0
