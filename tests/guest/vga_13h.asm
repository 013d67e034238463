; Mode 13h: a pattern written straight into A000 (pixel = x XOR y), two DAC
; entries set through the ports and through INT 10h/1010h, a pixel drawn and
; read back through INT 10h 0Ch/0Dh. Waits for a vertical retrace first, as
; programs that draw without tearing do. Exits with the pixel read back.
; With AFTER_PLANAR defined, mode 12h is set first, so that A000 is served by
; the planes (in chain-4 order) rather than by plain RAM.
        org 100h
%ifdef AFTER_PLANAR
        mov ax, 0012h
        int 10h
%endif
        mov ax, 0013h
        int 10h
        mov dx, 3DAh
.wait_end:                      ; wait for the end of a retrace, then for the next one
        in al, dx
        test al, 8
        jnz .wait_end
.wait_start:
        in al, dx
        test al, 8
        jz .wait_start

        mov dx, 3C8h            ; DAC entry 1: pure red, through the ports
        mov al, 1
        out dx, al
        inc dx
        mov al, 63
        out dx, al
        xor al, al
        out dx, al
        out dx, al
        mov ax, 1010h           ; DAC entry 2: pure green, through the BIOS
        mov bx, 2
        mov dh, 0
        mov ch, 63
        mov cl, 0
        int 10h

        mov ax, 0A000h
        mov es, ax
        xor di, di
        xor dx, dx              ; y
.row:   xor cx, cx              ; x
.col:   mov al, cl
        xor al, dl
        stosb
        inc cx
        cmp cx, 320
        jb .col
        inc dx
        cmp dx, 200
        jb .row

        mov ax, 0C02h           ; pixel (10, 20) colour 2
        xor bh, bh
        mov cx, 10
        mov dx, 20
        int 10h
        mov ax, 0C01h           ; pixel (319, 199) colour 1
        mov cx, 319
        mov dx, 199
        int 10h
        mov ah, 0Dh             ; read (10, 20) back
        mov cx, 10
        mov dx, 20
        int 10h
        mov ah, 4Ch
        int 21h
