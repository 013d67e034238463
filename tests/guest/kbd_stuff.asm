; INT 16h/05h puts keys in the BIOS buffer, which holds 15: the 16th fails
; with AL=1. 00h/10h read them back in order, across the end of the ring.
; 02h returns the shift flags of 0040:0017.
; Prints "=" then: AL of 16 stuffs, the 15 keys read back, AL of 10 more
; stuffs and the 10 keys, 01h, 11h, 00h and 10h for an E0 key, the shift
; flags before and after the program sets Right Shift + Caps Lock in the BDA,
; bit 4 of 0040:0096 (enhanced keyboard).
        org 100h
        mov bx, 1E00h
        mov si, 16
.stuff: mov ah, 05h
        mov cx, bx
        int 16h
        mov ah, 0
        call save
        inc bx
        dec si
        jnz .stuff
        mov si, 15
.read:  mov ah, 00h
        int 16h
        call save
        dec si
        jnz .read

        mov bx, 3000h           ; the ring wraps around now
        mov si, 10
.stuff2: mov ah, 05h
        mov cx, bx
        int 16h
        mov ah, 0
        call save
        inc bx
        dec si
        jnz .stuff2
        mov si, 10
.read2: mov ah, 10h
        int 16h
        call save
        dec si
        jnz .read2

        mov ah, 05h
        mov cx, 48E0h           ; grey Up arrow: ASCII E0h
        int 16h
        mov ah, 01h
        int 16h
        call save               ; 4800: 01h hides the E0
        mov ah, 11h
        int 16h
        call save               ; 48E0: 11h shows it
        mov ah, 00h
        int 16h
        call save               ; 4800: 00h hides the E0
        mov ah, 05h
        mov cx, 48E0h
        int 16h
        mov ah, 10h
        int 16h
        call save               ; 48E0

        mov ah, 02h
        int 16h
        mov ah, 0
        call save               ; 0000
        mov ax, 40h
        mov es, ax
        mov byte [es:17h], 41h  ; Caps Lock on, Right Shift down
        mov ah, 02h
        int 16h
        mov ah, 0
        call save               ; 0041
        mov al, [es:96h]
        and ax, 10h
        call save               ; 0010: enhanced keyboard, 10h-12h available

        jmp report



%include "lib.inc"
%define SAVED_WORDS 64
%include "results.inc"
