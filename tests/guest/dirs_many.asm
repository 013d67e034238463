; A search on *.TXT goes on after 80 other searches were started in between
; (more than the kernel keeps listings for). Prints every name the first search finds.
        org 100h
%include "macros.inc"
start:
        mov dx, dta0
        mov ah, 1Ah
        int 21h
        mov dx, spec
        xor cx, cx
        mov ah, 4Eh
        int 21h
        call name
        mov ah, 4Fh
        int 21h
        call name
        mov dx, dta1
        mov ah, 1Ah
        int 21h
        mov bp, 80
.other: mov dx, spec
        xor cx, cx
        mov ah, 4Eh
        int 21h
        dec bp
        jnz .other
        mov dx, dta0
        mov ah, 1Ah
        int 21h
.next:  mov ah, 4Fh
        int 21h
        jc .done
        call name
        jmp .next
.done:  call hex16
        call newline
        exit 0

name:   mov dx, dta0 + 1Eh
        call puts
        call newline
        ret

spec:   db "*.TXT", 0
dta0:   times 64 db 0
dta1:   times 64 db 0
%include "lib.inc"
%include "dirs_util.asm"
