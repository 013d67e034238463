; Talks to the 8042: command byte, self test, output port and A20 (D0h/D1h),
; keyboard commands (EDh LEDs, EEh echo, F2h identify). Prints "=" and every
; byte read back; 1/0 for whether memory wraps at 1 MiB after each A20 change.
        org 100h
        cli
        mov al, 20h             ; the command byte as it was
        call cmd
        call get
        mov [saved], al
        mov al, 60h             ; the same without IRQ1: answers are polled here
        call cmd
        mov al, [saved]
        and al, 0FEh
        out 60h, al
        mov dx, eq
        mov ah, 09h
        int 21h
        mov al, [saved]
        call show
        mov al, 20h
        call cmd
        call getshow            ; the new command byte
        mov al, 0AAh
        call cmd
        call getshow            ; 55: the self test passed
        mov al, 0D1h            ; A20 on through the output port
        call cmd
        mov al, 0DFh
        out 60h, al
        call wraps
        mov al, 0D0h
        call cmd
        call getshow
        mov al, 0D1h            ; and off again
        call cmd
        mov al, 0DDh
        out 60h, al
        call wraps
        mov al, 0D0h
        call cmd
        call getshow
        mov al, 0EDh            ; LEDs: all three on
        out 60h, al
        call getshow
        mov al, 07h
        out 60h, al
        call getshow
        mov al, 0EEh
        out 60h, al
        call getshow
        mov al, 0F2h
        out 60h, al
        call getshow
        call getshow
        call getshow
        in al, 64h              ; nothing left: OBF clear
        and al, 1
        call show
        mov al, 60h             ; the command byte back as it was
        call cmd
        mov al, [saved]
        out 60h, al
        sti
        mov ax, 4C00h
        int 21h

cmd:    out 64h, al
        ret

; Wait for the output buffer (with a limit) and read port 60h into AL.
get:    mov cx, 0FFFFh
.w:     in al, 64h
        test al, 1
        jnz .r
        loop .w
        mov al, 0EEh
        mov ah, 0FFh            ; timed out: shows as FFEE
        ret
.r:     in al, 60h
        xor ah, ah
        ret

getshow: call get
        jmp showax
show:   xor ah, ah
showax: call hex16
        call space
        ret

; 1 if 0000:0500 and FFFF:0510 are the same byte (the 1 MiB wrap), else 0.
wraps:  push ds
        push es
        xor ax, ax
        mov ds, ax
        dec ax
        mov es, ax
        mov byte [500h], 12h
        mov byte [es:510h], 34h
        mov al, [500h]
        pop es
        pop ds
        cmp al, 34h
        mov al, 1
        je show
        mov al, 0
        jmp show

eq      db "=$"
saved   db 0

%include "lib.inc"
