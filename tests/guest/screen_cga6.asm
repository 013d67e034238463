; Reference screen: CGA mode 06h, 640x200 in 2 colours, the interleaved banks at
; B800 and BA00: a pattern byte per 8 pixels and a line of INT 10h/0Ch pixels.
%include "screen_lib.inc"
main:   set_mode 06h
        mov ax, 0B800h
        mov es, ax
        xor dx, dx                      ; line
.line:  mov di, dx
        shr di, 1
        imul di, di, 80
        test dl, 1
        jz .even
        add di, 2000h
.even:  xor cx, cx
.byte:  mov al, cl                      ; column * 7 XOR line * 13
        imul ax, ax, 7
        mov bl, dl
        imul bx, bx, 13
        xor al, bl
        cmp cx, 40                      ; the right half: stripes a line apart
        jb .put
        mov al, 0F0h
        test dl, 1
        jz .put
        mov al, 0Fh
.put:   stosb
        inc cx
        cmp cx, 80
        jb .byte
        inc dx
        cmp dx, 200
        jb .line

        xor si, si                      ; a line of pixels: (3 i, i) in colour i mod 2
.diag:  mov ax, si
        and al, 1
        mov ah, 0Ch
        xor bh, bh
        mov cx, si
        imul cx, cx, 3
        mov dx, si
        int 10h
        inc si
        cmp si, 200
        jb .diag
        jmp finish
