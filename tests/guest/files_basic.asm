; Handle calls on a disk file: create, write, close, open, read, seek (every origin), delete.
%include "macros.inc"
        org 100h
        mov ah, 3Ch                 ; create TEST.TXT
        xor cx, cx
        mov dx, fname
        int 21h
        call show
        mov [handle], ax
        mov bx, ax
        mov ah, 40h                 ; write the text
        mov cx, text_len
        mov dx, text
        int 21h
        call show
        mov ah, 3Eh
        int 21h
        call show
        mov ah, 3Eh                 ; closing it again: bad handle
        int 21h
        call show

        mov ax, 3D00h               ; open for reading (lower case name)
        mov dx, lname
        int 21h
        call show
        mov bx, ax
        mov ah, 3Fh                 ; read more than there is
        mov cx, 100
        mov dx, buf
        int 21h
        call show
        mov cx, ax
        mov si, buf
        call showbuf
        mov ah, 3Fh                 ; at the end: 0 bytes
        mov cx, 10
        int 21h
        call show
        mov ax, 4202h               ; size: seek 0 from the end
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ax, 4200h               ; offset 7 from the start
        xor cx, cx
        mov dx, 7
        int 21h
        call showdx
        mov ah, 3Fh
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov cx, 4
        mov si, buf
        call showbuf
        mov ax, 4201h               ; back 6 from here
        mov cx, 0FFFFh
        mov dx, -6
        int 21h
        call showdx
        mov ax, 4202h               ; 3 before the end
        mov cx, 0FFFFh
        mov dx, -3
        int 21h
        call showdx
        mov ax, 4200h               ; past the end
        xor cx, cx
        mov dx, 1000
        int 21h
        call showdx
        mov ah, 3Fh                 ; reading there gives nothing
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov ah, 3Eh
        int 21h
        call show

        mov ah, 41h                 ; delete it
        mov dx, fname
        int 21h
        call show
        mov ax, 3D00h               ; gone
        mov dx, fname
        int 21h
        call show
        mov ah, 41h
        mov dx, fname
        int 21h
        call show
        exit 0

%include "files_common.inc"
fname   db "TEST.TXT", 0
lname   db "test.txt", 0
text    db "Hello, file!", 13, 10
text_len equ $ - text
handle  dw 0
buf     times 128 db 0
