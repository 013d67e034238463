; INT 10h 05h display pages: each page has its own cells and cursor.
; Writes "page 0" on page 0 and "page 1" on page 1 (with 02h/09h/13h on page 1
; while page 0 shows), then shows page 1. Prints "=" then: cursor of page 0,
; cursor of page 1, 0Fh's BH, BDA active page and page start, the B800 cell of
; page 1 at row 2 column 0.
        org 100h
        mov ax, 0003h
        int 10h
        mov si, s_page0
        call tty                ; "page 0" on page 0 (the active one)

        mov ah, 02h             ; page 1 cursor: row 2, column 0
        mov bh, 1
        mov dx, 0200h
        int 10h
        mov ax, 0931h           ; '1' attribute 1Ch on page 1
        mov bx, 011Ch
        mov cx, 1
        int 10h
        push cs
        pop es
        mov ax, 1301h           ; "page 1" on page 1 at row 0, cursor moves there
        mov bx, 0107h
        mov cx, 6
        mov dx, 0000h
        mov bp, s_page1
        int 10h

        mov ax, 0501h           ; show page 1
        int 10h
        mov ah, 03h
        mov bh, 0
        int 10h
        mov ax, dx
        call save               ; 0006: page 0 cursor after "page 0"
        mov ah, 03h
        mov bh, 1
        int 10h
        mov ax, dx
        call save               ; 0006: page 1 cursor after the string
        mov ah, 0Fh
        int 10h
        mov al, bh
        mov ah, 0
        call save               ; 0001
        mov ax, 40h
        mov es, ax
        mov al, [es:62h]
        mov ah, 0
        call save               ; 0001
        mov ax, [es:4Eh]
        call save               ; 1000
        mov ax, 0B800h
        mov es, ax
        mov ax, [es:1000h + 2 * 80 * 2]
        call save               ; 1C31

        mov ah, 02h             ; print the results on page 1, row 5
        mov bh, 1
        mov dx, 0500h
        int 10h
        jmp report

tty:    lodsb
        test al, al
        jz .done
        mov ah, 0Eh
        mov bx, 0007h
        int 10h
        jmp tty
.done:  ret

        jmp save                ; the shared routine (results.inc)

s_page0 db "page 0", 0
s_page1 db "page 1"

%include "lib.inc"
%define SAVED_WORDS 16
%include "results.inc"
