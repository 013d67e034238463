; Tries to leave the drive's folder; every try must fail with the error MS-DOS gives.
%include "macros.inc"
        org 100h
        mov si, names
.next:  cmp byte [si], 0
        je .creates
        mov ax, 3D00h               ; open for reading
        mov dx, si
        int 21h
        call show
        jc .skip
        mov bx, ax
        mov ah, 3Eh
        int 21h
.skip:  lodsb                       ; to the next name
        or al, al
        jnz .skip
        jmp .next
.creates:
        mov si, made
.next2: cmp byte [si], 0
        je .done
        mov ah, 3Ch                 ; create
        xor cx, cx
        mov dx, si
        int 21h
        call show
        jc .skip2
        mov bx, ax
        mov ah, 3Eh
        int 21h
.skip2: lodsb
        or al, al
        jnz .skip2
        jmp .next2
.done:  exit 0

%include "files_common.inc"
names   db "..\OUTSIDE\SECRET.TXT", 0      ; .. at the root: 3
        db "C:\..\..\OUTSIDE\SECRET.TXT", 0
        db "\SUB\..\..\OUTSIDE\SECRET.TXT", 0
        db "OUTLINK\SECRET.TXT", 0         ; a link to a folder outside: 3
        db "SECRET.LNK", 0                 ; a link to a file outside: 5
        db "/tmp/SECRET.TXT", 0            ; a host path is a DOS path on C: 3
        db "INLINK\INSIDE.TXT", 0          ; a link that stays inside works
        db "PIPE", 0                       ; a host FIFO: 5, and no waiting on it
        db 0
made    db "OUTLINK\NEW.TXT", 0            ; 3
        db "SECRET.LNK", 0                 ; 5
        db "..\NEW.TXT", 0                 ; 3
        db 0
