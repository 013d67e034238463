; Hidden, system and read-only files in searches and FCB calls. SUB holds A.TXT,
; B.DAT, C.TXT and RO.TXT (read-only on the host); the program makes A.TXT hidden and
; B.DAT system with 4301h.
        org 100h
%include "macros.inc"
%macro find 2                           ; spec, attribute
        mov dx, %1
        mov cx, %2
        call listing
%endmacro
start:
        mov dx, afile
        mov cx, 02h
        mov ax, 4301h
        int 21h
        mov dx, bfile
        mov cx, 04h
        mov ax, 4301h
        int 21h
        find all, 00h                   ; neither hidden nor system
        find all, 02h                   ; hidden too
        find all, 06h                   ; both
        mov dx, sub
        mov ah, 3Bh
        int 21h
        mov dx, fcba                    ; a normal FCB does not open a hidden file
        mov ah, 0Fh
        int 21h
        call hexal
        call space
        mov dx, xfcba                   ; an extended FCB with the hidden bit does
        mov ah, 0Fh
        int 21h
        call hexal
        call space
        mov dx, delall                  ; delete *.*: not hidden, system or read-only files
        mov ah, 13h
        int 21h
        call hexal
        call newline
        find all2, 27h
        exit 0

listing:                                ; DX spec, CX attribute
        mov ah, 4Eh
        int 21h
.next:  jc .done
        mov al, [80h + 15h]
        call hexal
        call space
        mov dx, 80h + 1Eh
        call puts
        call newline
        mov ah, 4Fh
        int 21h
        jmp .next
.done:  call hex16
        call newline
        ret

afile: db "SUB\A.TXT", 0
bfile: db "SUB\B.DAT", 0
all:   db "SUB\*.*", 0
all2:  db "*.*", 0
sub:   db "SUB", 0
fcba:  db 0, "A       TXT"
       times 25 db 0
xfcba: db 0FFh, 0, 0, 0, 0, 0, 02h
       db 0, "A       TXT"
       times 25 db 0
delall: db 0, "???????????"
       times 25 db 0
%include "lib.inc"
%include "dirs_util.asm"
