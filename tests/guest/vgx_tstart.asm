; Text start address: cells written on page 1, shown either by INT 10h/05h
; (PAGE defined) or by programming the CRTC start address (in words) to row 1
; of page 1 directly. The cursor is hidden so only the cells show.
; ROW1: page 0 shown a row down, its cursor (row 5, column 3) moving up with it.
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
%ifdef ROW1
        mov word [es:00A0h], 4F00h | 'Q'
        mov ah, 02h             ; page 0 cursor at row 5 column 3
        xor bh, bh
        mov dx, 0503h
        int 10h
        mov dx, 3D4h
        mov ax, 000Ch           ; start one row down: 80 words
        out dx, ax
        mov ax, 500Dh
        out dx, ax
        mov ax, 4C00h
        int 21h
%endif
        mov ah, 01h
        mov cx, 2000h
        int 10h
        mov word [es:1000h], 1E00h | 'P'
        mov word [es:10A0h], 4F00h | 'Q'
%ifdef PAGE
        mov ax, 0501h
        int 10h
%else
        mov dx, 3D4h
        mov ax, 080Ch           ; start address high: 0850h words = 10A0h bytes
        out dx, ax
        mov ax, 500Dh
        out dx, ax
%endif
        mov ax, 4C00h
        int 21h
