; Mode 12h through the graphics controller: each write mode, a logical function,
; both read modes. Results of the reads are printed as hex bytes on text row 20
; (pixel lines 320 and down), away from what was drawn at the top.
        org 100h
%macro gc 2
        mov dx, 3CEh
        mov ax, (%2 << 8) | %1
        out dx, ax
%endmacro
%macro seq 2
        mov dx, 3C4h
        mov ax, (%2 << 8) | %1
        out dx, ax
%endmacro
        mov ax, 0012h
        int 10h
        mov ax, 0A000h
        mov es, ax

        ; write mode 2: line 0, bytes 0-3 in colour 9
        gc 5, 02h
        xor di, di
        mov al, 9
        mov cx, 4
        rep stosb

        ; write mode 0 with set/reset 0Ch on all planes, bit mask F0h: line 1 byte 0
        gc 5, 00h
        gc 0, 0Ch
        gc 1, 0Fh
        gc 8, 0F0h
        mov al, [es:80]         ; load the latches (zeros)
        mov byte [es:80], 0FFh
        gc 1, 00h
        gc 8, 0FFh

        ; write mode 0, map mask plane 1 only: line 2 byte 0 = AAh (colour 2 at even pixels)
        seq 2, 02h
        mov byte [es:160], 0AAh
        seq 2, 0Fh

        ; write mode 1: copy line 0 byte 0 to line 3 byte 1 through the latches
        gc 5, 01h
        mov al, [es:0]
        mov [es:241], al

        ; write mode 3: set/reset 4, the value 0Fh is the bit mask: line 4 byte 0
        gc 5, 03h
        gc 0, 04h
        mov al, [es:320]
        mov byte [es:320], 0Fh
        gc 0, 00h

        ; XOR function, rotate 4, write mode 0: line 0 byte 1 = latch XOR 0Fh rotated to F0h
        gc 5, 00h
        gc 3, 1Ch               ; XOR, rotate right by 4
        mov al, [es:1]
        mov byte [es:1], 0Fh
        gc 3, 00h

        ; read mode 1, compare 9 on all planes: line 0 byte 0 (FF), line 1 byte 0 (00)
        gc 5, 08h
        gc 2, 09h
        gc 7, 0Fh
        mov al, [es:0]
        mov [res], al
        mov al, [es:80]
        mov [res+1], al
        gc 7, 03h               ; colour don't care: planes 0 and 1 only, compare 01
        mov al, [es:1]          ; line 0 byte 1: pixels 0-3 colour 9 (planes 0,1 = 01) match
        mov [res+2], al
        ; read mode 0, map select 3: line 0 byte 0 (FF), line 2 byte 0 (00)
        gc 5, 00h
        gc 4, 03h
        mov al, [es:0]
        mov [res+3], al
        gc 4, 01h
        mov al, [es:160]        ; plane 1 of line 2: AA
        mov [res+4], al

        mov ah, 02h             ; cursor to row 20
        xor bh, bh
        mov dx, 1400h
        int 10h
        mov si, res
        mov cx, 5
.print: lodsb
        call hex
        loop .print
        mov ax, 4C00h
        int 21h

hex:    push ax
        shr al, 4
        call digit
        pop ax
        call digit
        mov dl, ' '
        mov ah, 2
        int 21h
        ret
digit:  and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe .ok
        add al, 7
.ok:    mov dl, al
        mov ah, 2
        int 21h
        ret
res:    times 5 db 0
