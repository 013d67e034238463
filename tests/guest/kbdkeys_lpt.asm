; The printer: "A" through DOS's PRN (handle 4), "B" with INT 17h, "C" with
; INT 21h/05h, "D" through the LPT1 port registers (data, then a strobe pulse),
; "E" again through PRN, then the (blank) screen with INT 05h. Prints "=" and: INT 17h/02h status of LPT1, 01h (initialise)
; of LPT2, 02h of port 3 (none), 00h's status, 0050:0000 after INT 05h, the BDA's three port addresses,
; INT 11h's printer count, the status register at 379h.
        org 100h
        mov ah, 40h
        mov bx, 4
        mov cx, 1
        mov dx, letter_a
        int 21h
        mov ah, 02h
        xor dx, dx
        int 17h
        call save_ah
        mov ah, 01h
        mov dx, 1
        int 17h
        call save_ah
        mov ah, 02h
        mov dx, 3
        int 17h
        call save_ah
        mov ax, 0042h           ; print "B"
        xor dx, dx
        int 17h
        call save_ah
        mov ah, 05h
        mov dl, 'C'
        int 21h
        mov dx, 378h
        mov al, 'D'
        out dx, al
        mov dx, 37Ah
        mov al, 0Dh             ; strobe, not initialise, select
        out dx, al
        mov al, 0Ch
        out dx, al
        mov ah, 40h
        mov bx, 4
        mov cx, 1
        mov dx, letter_e
        int 21h
        int 05h
        push es
        mov ax, 50h
        mov es, ax
        mov al, [es:0]
        xor ah, ah
        call save
        mov ax, 40h
        mov es, ax
        mov ax, [es:08h]
        call save
        mov ax, [es:0Ah]
        call save
        mov ax, [es:0Ch]
        call save
        pop es
        int 11h
        mov cl, 14
        shr ax, cl
        call save
        mov dx, 379h
        in al, dx
        xor ah, ah
        call save
        jmp report

save_ah:
        mov al, ah
        xor ah, ah
        jmp save

letter_a db "A"
letter_e db "E"

%include "lib.inc"
%include "results.inc"
