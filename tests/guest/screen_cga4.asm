; Reference screen: CGA mode 04h, 320x200 in 4 colours, the two banks of
; interleaved lines at B800 and BA00. A pattern byte per 4 pixels, then the
; background blue and the bright palette 0 (green, red, brown) through INT 10h/0Bh,
; and a diagonal of INT 10h/0Ch pixels, one in each colour.
%include "screen_lib.inc"
%ifndef MODE
%define MODE 04h
%define BACKGROUND 11h
%define PALETTE 00h
%endif
main:   set_mode MODE
        mov ax, 0B800h
        mov es, ax
        xor dx, dx                      ; line
.line:  mov di, dx                      ; (line & 1) * 2000h + (line / 2) * 80
        shr di, 1
        imul di, di, 80
        test dl, 1
        jz .even
        add di, 2000h
.even:  xor cx, cx                      ; byte column
.byte:  mov al, cl                      ; (column * 3 + line) XOR (line / 8 * 55h)
        imul ax, ax, 3
        add al, dl
        mov bl, dl
        shr bl, 3
        imul bx, bx, 55h
        xor al, bl
        stosb
        inc cx
        cmp cx, 80
        jb .byte
        inc dx
        cmp dx, 200
        jb .line

        mov ah, 0Bh                     ; background (colour 0) blue, bright foregrounds
        mov bx, BACKGROUND
        int 10h
        mov ah, 0Bh                     ; palette 0: green, red, brown
        mov bx, 0100h | PALETTE
        int 10h
        xor si, si
.diag:  mov ax, si
        and al, 3
        mov ah, 0Ch
        xor bh, bh
        mov cx, si
        add cx, 60
        mov dx, si
        int 10h
        inc si
        cmp si, 200
        jb .diag
        jmp finish
