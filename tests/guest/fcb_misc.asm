; More FCB cases: a device, an FCB used after close, many FCBs never closed, the
; volume label through an extended FCB, a read-only drive (R:), a DTA too close to
; its segment's end, and a file left open when the program ends.
; Expects DATA.TXT ("0123456789ABCDEF") on C: and OLD.TXT on R: (the test makes them).
        org 100h
%include "macros.inc"
RECSIZE equ 0Eh
CURREC  equ 20h
many    equ 8000h                   ; room for 80 FCBs of 37 bytes
%macro fcbcall 2                        ; AH, FCB: call and print AL
        mov dx, %2
        mov ah, %1
        int 21h
        call hexal
        call space
%endmacro
start:
        mov dx, dta
        mov ah, 1Ah
        int 21h

        fcbcall 0Fh, con                ; CON through an FCB
        mov word [con + RECSIZE], 7
        mov si, hello
        mov di, dta
        mov cx, 7
        rep movsb
        mov dx, con
        mov ah, 15h
        int 21h
        call hexal
        call newline

        fcbcall 0Fh, data               ; read, close, read again
        mov word [data + RECSIZE], 4
        call readdata
        fcbcall 10h, data
        call readdata
        call newline

        mov bx, many                    ; 80 FCBs opened and never closed
        mov bp, 80
.open:  mov si, data
        mov di, bx
        mov cx, 37
        rep movsb
        mov byte [bx + CURREC], 0
        mov dx, bx
        mov ah, 0Fh
        int 21h
        or [fails], al
        add bx, 37
        dec bp
        jnz .open
        mov bx, many                    ; each one still reads its first record
        mov bp, 80
.read:  mov byte [bx + CURREC], 0
        mov word [bx + RECSIZE], 4
        mov dx, bx
        mov ah, 14h
        int 21h
        or [fails], al
        add bx, 37
        dec bp
        jnz .read
        mov al, [fails]
        call hexal
        call newline

        fcbcall 16h, label              ; make a label
        call showlabel
        fcbcall 17h, relabel            ; rename it
        call showlabel
        fcbcall 13h, relabel            ; delete it
        call showlabel

        fcbcall 16h, rnew               ; create on a read-only drive
        fcbcall 0Fh, rold               ; open there is fine
        fcbcall 15h, rold               ; write is not
        fcbcall 14h, rold               ; read is
        fcbcall 13h, rold               ; delete is not
        call newline

        mov dx, 0FFF0h                  ; a record would run past the segment's end
        mov ah, 1Ah
        int 21h
        mov byte [data + CURREC], 0
        mov word [data + RECSIZE], 32
        fcbcall 14h, data
        mov dx, dta
        mov ah, 1Ah
        int 21h
        call newline

        fcbcall 16h, noclose            ; written, never closed
        mov al, 'Z'
        mov di, dta
        mov cx, 128
        rep stosb
        fcbcall 15h, noclose
        call newline
        exit 0

readdata:                               ; 14h on data; prints AL and the record
        mov dx, data
        mov ah, 14h
        int 21h
        call hexal
        mov byte [dta + 4], 0
        mov dx, dta
        call puts
        call space
        ret

showlabel:                              ; find first *.* with the label attribute
        push dx
        mov dx, rootall
        mov cx, 08h
        mov ah, 4Eh
        int 21h
        jc .none
        mov dx, dta + 1Eh
        call puts
        jmp .done
.none:  call hex16
.done:  call newline
        pop dx
        ret

hello:   db "hello", 13, 10
fails:   db 0
rootall: db "*.*", 0
con:     db 0, "CON        "
         times 25 db 0
data:    db 0, "DATA    TXT"
         times 25 db 0
label:   db 0FFh, 0, 0, 0, 0, 0, 08h
         db 0, "MYLABEL    "
         times 25 db 0
relabel: db 0FFh, 0, 0, 0, 0, 0, 08h
         db 0, "???????????", 0, 0, 0, 0, 0, "NEWLABEL   "
         times 14 db 0
rnew:    db 18, "NEW     TXT"
         times 25 db 0
rold:    db 18, "OLD     TXT"
         times 25 db 0
noclose: db 0, "NOCLOSE DAT"
         times 25 db 0
dta:     times 160 db 0
%include "lib.inc"
%include "dirs_util.asm"
