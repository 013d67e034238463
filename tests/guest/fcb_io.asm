; FCB record I/O: create, sequential and random reads and writes, block reads and
; writes, file size in records, set random record, end of file, and the errors.
; Leaves REC.DAT behind: 20 bytes "AAAAAAAAAABBBBBBBBBB" (the test checks it).
        org 100h
%include "macros.inc"
BLOCK   equ 0Ch
RECSIZE equ 0Eh
FSIZE   equ 10h
CURREC  equ 20h
RANDOM  equ 21h
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

        fcbcall 16h, rec                ; create
        mov al, [rec]                   ; the drive is now explicit
        call hexal
        call space
        mov ax, [rec + RECSIZE]
        call hex16
        call newline

        mov word [rec + RECSIZE], 10
        mov byte [rec + CURREC], 0
        mov al, 'A'
        call filldta
        fcbcall 15h, rec                ; three sequential records
        mov al, 'B'
        call filldta
        fcbcall 15h, rec
        mov al, 'C'
        call filldta
        fcbcall 15h, rec
        mov al, [rec + CURREC]
        call hexal
        call space
        mov ax, [rec + FSIZE]
        call hex16
        call newline
        fcbcall 10h, rec                ; close
        call newline

        fcbcall 0Fh, rec                ; open again: record size back to 128
        mov ax, [rec + RECSIZE]
        call hex16
        call space
        mov ax, [rec + FSIZE]
        call hex16
        call newline
        mov word [rec + RECSIZE], 10
        mov byte [rec + CURREC], 0
        mov cx, 4                       ; read on to the end: 0 0 0 1
.seq:   call readseq
        loop .seq
        call newline

        mov dword [rec + RANDOM], 1     ; random read: record 1, B
        mov byte [dta], 0
        fcbcall 21h, rec
        mov al, [dta]
        call hexal
        call space
        mov al, [rec + CURREC]          ; the current record follows the random record
        call hexal
        call newline

        mov dword [rec + RANDOM], 5     ; random write past the end: the file grows to 60
        mov al, 'F'
        call filldta
        fcbcall 22h, rec
        mov ax, [rec + FSIZE]
        call hex16
        call newline

        mov word [rec + BLOCK], 1       ; 24h: random record from block and record
        mov byte [rec + CURREC], 2
        mov ah, 24h
        mov dx, rec
        int 21h
        mov ax, [rec + RANDOM]
        call hex16
        call newline

        mov dword [rec + RANDOM], 0     ; block read of 10 records: 6 there (AL=1)
        mov cx, 10
        fcbcall 27h, rec
        mov ax, cx
        call hex16
        call space
        mov ax, [rec + RANDOM]
        call hex16
        call newline

        mov word [rec + RECSIZE], 8     ; 8-byte records: 7 and a half (AL=3, padded)
        mov dword [rec + RANDOM], 0
        mov byte [dta + 63], 0FFh
        mov cx, 9
        fcbcall 27h, rec
        mov ax, cx
        call hex16
        call space
        mov al, [dta + 59]              ; the last real byte, then the padding
        call hexal
        mov al, [dta + 60]
        call hexal
        mov al, [dta + 63]
        call hexal
        call newline

        mov word [rec + RECSIZE], 10    ; block write of 0 records at record 2: size 20
        mov dword [rec + RANDOM], 2
        xor cx, cx
        fcbcall 28h, rec
        mov ax, [rec + FSIZE]
        call hex16
        call newline

        mov word [rec + RECSIZE], 16    ; 16-byte records of a 20-byte file: 0, 3, 1
        mov word [rec + BLOCK], 0
        mov byte [rec + CURREC], 0
        mov byte [dta + 15], 0FFh
        call readseq
        call readseq
        mov al, [dta + 3]
        call hexal
        mov al, [dta + 4]
        call hexal
        call space
        call readseq
        mov al, [rec + CURREC]
        call hexal
        call newline

        mov word [rec + RECSIZE], 7     ; 23h: the size in 7-byte records of an unopened FCB
        mov dword [size + RANDOM], 0
        mov word [size + RECSIZE], 7
        fcbcall 23h, size
        mov ax, [size + RANDOM]
        call hex16
        call newline

        fcbcall 10h, rec
        fcbcall 0Fh, missing            ; not there
        fcbcall 0Fh, wild               ; wildcards do not open
        fcbcall 0Fh, baddrive           ; no such drive
        fcbcall 23h, missing
        fcbcall 0Fh, xrec               ; an extended FCB
        mov al, [xrec + 7]
        call hexal
        call space
        fcbcall 10h, xrec
        call newline
        exit 0

filldta:                                ; 10 bytes of AL at the DTA
        push cx
        push di
        mov di, dta
        mov cx, 10
        rep stosb
        pop di
        pop cx
        ret

readseq:                                ; 14h on rec; prints AL and the DTA's first byte
        push cx
        mov byte [dta], 0
        mov dx, rec
        mov ah, 14h
        int 21h
        call hexal
        mov al, [dta]
        call hexal
        call space
        pop cx
        ret

rec:      db 0, "REC     DAT"
          times 25 db 0
size:     db 0, "REC     DAT"
          times 25 db 0
missing:  db 0, "MISSING DAT"
          times 25 db 0
wild:     db 0, "RE?     DAT"
          times 25 db 0
baddrive: db 17, "REC     DAT"
          times 25 db 0
xrec:     db 0FFh, 0, 0, 0, 0, 0, 0
          db 0, "REC     DAT"
          times 25 db 0
dta:      times 128 db 0
%include "lib.inc"
%include "dirs_util.asm"
