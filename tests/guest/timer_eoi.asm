; End of interrupt at the master 8259. Part 1: an INT 08h hook that chains to
; the BIOS handler (which acknowledges) keeps the ticks flowing. Part 2: a hook
; that neither chains nor acknowledges gets one interrupt only; the in-service
; register (OCW3 0Bh, port 20h) shows IRQ0; a specific EOI (60h) lets one more
; come. Prints "=" then: hook calls and BIOS ticks of part 1; part 2 calls
; after 300 ms, ISR, ISR after the specific EOI, calls 300 ms later, ISR after
; a non-specific EOI (20h).
        org 100h
        mov ax, 40h
        mov es, ax
        mov ax, 3508h
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov ax, 40h
        mov es, ax

        mov dx, chain
        mov ax, 2508h
        int 21h
        mov bx, [es:6Ch]
.wait:  hlt
        cmp word [count], 5
        jb .wait
        mov ax, [count]
        call save
        mov ax, [es:6Ch]
        sub ax, bx
        call save

        cli
        mov word [count], 0
        mov dx, noack
        mov ax, 2508h
        int 21h
        sti
        call wait300
        mov ax, [count]
        call save               ; 1
        call isr
        call save               ; 01
        mov al, 60h             ; specific EOI, IRQ0
        out 20h, al
        call isr
        call save               ; 00
        call wait300
        mov ax, [count]
        call save               ; 2
        mov al, 20h             ; non-specific EOI
        out 20h, al
        call isr
        call save               ; 00

        cli
        push ds
        lds dx, [old]
        mov ax, 2508h
        int 21h
        pop ds
        sti
        jmp report

isr:    mov al, 0Bh             ; OCW3: read the in-service register
        out 20h, al
        in al, 20h
        mov ah, 0
        push ax
        mov al, 0Ah             ; back to the request register
        out 20h, al
        pop ax
        ret

wait300:
        mov ah, 86h
        mov cx, 0004h
        mov dx, 93E0h
        int 15h
        ret

chain:  inc word [cs:count]
        pushf
        call far [cs:old]
        iret

noack:  inc word [cs:count]
        iret


count   dw 0
old     dd 0

%include "lib.inc"
%define SAVED_WORDS 16
%include "results.inc"
