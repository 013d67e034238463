; What the video BIOS writes into the CRTC and sequencer, read back from the
; ports; each result saved as a word (see test_vga_text.py for the list).
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        mov ah, 02h                     ; page 0: row 5, column 10
        xor bh, bh
        mov dx, 050Ah
        int 10h
        mov bl, 0Eh
        call pair
        call save
        mov ah, 01h                     ; an 8-line block
        mov cx, 0007h
        int 10h
        mov bl, 0Ah
        call pair
        call save
        mov ah, 01h                     ; hidden
        mov cx, 2000h
        int 10h
        mov bl, 0Ah
        call pair
        call save
        mov ax, 0501h                   ; page 1
        int 10h
        mov bl, 0Ch
        call pair
        call save
        mov bl, 0Eh
        call pair
        call save
        mov ah, 02h                     ; page 1: row 1, column 2
        mov bh, 1
        mov dx, 0102h
        int 10h
        mov ah, 02h                     ; page 0 (not shown): row 9
        xor bh, bh
        mov dx, 0900h
        int 10h
        mov bl, 0Eh
        call pair
        call save
        mov ax, 0500h                   ; page 0 again
        int 10h
        mov bl, 0Ch
        call pair
        call save
        mov bl, 0Eh
        call pair
        call save
        mov ax, 1112h                   ; 8x8 font: 50 rows
        xor bl, bl
        int 10h
        crtc_in 09h
        mov ah, al
        crtc_in 12h
        call save
        mov bl, 0Ah
        call pair
        call save
        crtc_out 01h, 59h               ; locked: ignored
        crtc_in 01h
        xor ah, ah
        call save
        mov ax, 1201h                   ; 350 lines
        mov bl, 30h
        int 10h
        mov ax, 0003h
        int 10h
        crtc_in 09h
        mov ah, al
        crtc_in 12h
        call save
        mov dx, 3C4h
        mov al, 01h
        out dx, al
        inc dx
        in al, dx
        xor ah, ah
        call save
        mov ax, 1202h                   ; 400 lines
        mov bl, 30h
        int 10h
        mov ax, 0003h
        int 10h
        mov dx, 3C4h
        mov al, 01h
        out dx, al
        inc dx
        in al, dx
        xor ah, ah
        call save
        jmp report

pair:   crtc_in bl                      ; AX = CRTC register BL (high), BL + 1 (low)
        mov ah, al
        inc bl
        push ax
        crtc_in bl
        pop dx
        mov ah, dh
        ret

%include "lib.inc"
%include "results.inc"
