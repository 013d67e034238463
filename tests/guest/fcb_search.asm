; FCB search (11h/12h), delete (13h) and rename (17h) with wildcards, in SUB.
; Expects SUB with A.TXT, B.TXT, C.DAT and a folder DIRX (the test makes them).
        org 100h
%include "macros.inc"
start:
        mov dx, sub
        mov ah, 3Bh
        int 21h
        mov dx, dta
        mov ah, 1Ah
        int 21h

        mov dx, alltxt                  ; every .TXT file
        call search
        mov dx, everything              ; every file, no folders
        call search
        mov dx, xdirs                   ; extended FCB, folders too
        call search
        mov dx, nothing
        call search

        mov dx, rename                  ; *.TXT -> *.BAK
        mov ah, 17h
        int 21h
        call hexal
        call newline
        mov dx, everything
        call search
        mov dx, rename                  ; nothing left to rename
        mov ah, 17h
        int 21h
        call hexal
        call newline
        mov dx, rename1                 ; one name: C.DAT -> D.DAT
        mov ah, 17h
        int 21h
        call hexal
        call newline
        mov dx, rename2                 ; D.DAT -> A.BAK, which exists
        mov ah, 17h
        int 21h
        call hexal
        call newline

        mov dx, delbak                  ; delete *.BAK
        mov ah, 13h
        int 21h
        call hexal
        call newline
        mov dx, delbak                  ; again: none
        mov ah, 13h
        int 21h
        call hexal
        call newline
        mov dx, everything
        call search
        exit 0

search:                                 ; DX: FCB. Prints each entry found, then AL.
        push dx
        mov ah, 11h
        int 21h
.next:  cmp al, 0
        jne .done
        mov si, dta
        cmp byte [si], 0FFh             ; an extended FCB comes back extended
        jne .plain
        mov al, [si + 6]
        call hexal
        call space
        add si, 7
.plain: mov al, [si]                    ; the drive
        call hexal
        call space
        mov cx, 11                      ; the name as stored
.name:  mov dl, [si + 1]
        mov ah, 02h
        int 21h
        inc si
        loop .name
        call space
        mov al, [si + 1]                ; attribute
        call hexal
        call newline
        pop dx
        push dx
        mov ah, 12h
        int 21h
        jmp .next
.done:  call hexal
        call newline
        pop dx
        ret

sub:        db "SUB", 0
alltxt:     db 0, "????????TXT"
            times 25 db 0
everything: db 0, "???????????"
            times 25 db 0
xdirs:      db 0FFh, 0, 0, 0, 0, 0, 10h
            db 0, "???????????"
            times 25 db 0
nothing:    db 0, "NOTHING ???"
            times 25 db 0
rename:     db 0, "????????TXT", 0, 0, 0, 0, 0, "????????BAK"
            times 14 db 0
rename1:    db 0, "C       DAT", 0, 0, 0, 0, 0, "D       ???"
            times 14 db 0
rename2:    db 0, "D       DAT", 0, 0, 0, 0, 0, "A       BAK"
            times 14 db 0
delbak:     db 3, "????????BAK"
            times 25 db 0
dta:        times 128 db 0
%include "lib.inc"
%include "dirs_util.asm"
