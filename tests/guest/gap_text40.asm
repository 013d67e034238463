; Mode 01h (40x25 text): "AB" in yellow on blue at the top left, straight into
; B800, with the cursor hidden. Exit 0.
%include "macros.inc"
        org 100h
        mov ax, 0001h
        int 10h
        mov ah, 01h             ; no cursor
        mov cx, 2000h
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 1E41h
        mov word [es:2], 1E42h
        exit 0
