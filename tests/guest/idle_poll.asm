; Waits for a key by polling, the way many programs do. METHOD 1: INT 16h/01h,
; 2: INT 21h/0Bh, 3: INT 28h between INT 16h/01h polls, 4: INT 2Fh/1680h (and
; prints AL it returned). Prints the key and exits.
%include "macros.inc"
        org 100h
poll:
%if METHOD == 1
        mov ah, 01h
        int 16h
        jz poll
%elif METHOD == 2
        mov ah, 0Bh
        int 21h
        or al, al
        jz poll
%elif METHOD == 3
        int 28h
        mov ah, 01h
        int 16h
        jz poll
%else
        mov ax, 1680h
        int 2Fh
        mov [released], al
        mov ah, 01h
        int 16h
        jz poll
        mov al, [released]
        mov ah, 0
        call hex16
        call space
%endif
        mov ah, 00h
        int 16h
        mov ah, 0
        call hex16
        call newline
        exit 0
released db 0FFh
%include "lib.inc"
