; Pause: counts in a loop at 0000:04F0 (a dword) while INT 1Ch counts ticks at
; 0000:04F4, until a key is in the BIOS buffer; reads it with INT 16h/00h and ends
; at "q". Prints "=" and the keys read.
        org 100h
        mov ax, 351Ch
        int 21h
        mov [old1c], bx
        mov [old1c+2], es
        mov dx, tick
        mov ax, 251Ch
        int 21h
        xor ax, ax
        mov es, ax
        mov [es:4F0h], ax
        mov [es:4F2h], ax
        mov [es:4F4h], ax
.count: add word [es:4F0h], 1
        adc word [es:4F2h], 0
        mov ax, [es:41Ah]
        cmp ax, [es:41Ch]
        je .count
        mov ah, 00h
        int 16h
        call save
        cmp al, 'q'
        jne .count
        push ds
        lds dx, [old1c]
        mov ax, 251Ch
        int 21h
        pop ds
        jmp report

tick:   push es
        push ax
        xor ax, ax
        mov es, ax
        inc word [es:4F4h]
        pop ax
        pop es
        iret

old1c   dd 0

%include "lib.inc"
%include "results.inc"
