; The fast A20 gate at port 92h. With bit 1 clear, FFFF:0010 wraps to
; 0000:0000; with it set, FFFF:0010 is the first byte above 1 MiB.
; Prints "=" then: port 92h at start, the byte read at 0000:0000 after writing
; A5h to FFFF:0010 with A20 off, port 92h after enabling, the byte at
; 0000:0000 and at FFFF:0010 after writing 3Ch there with A20 on, port 92h
; after disabling again and the byte at 0000:0000 after one more write.
        org 100h
        cli                     ; 0000:0000 is the divide-error vector: keep it safe
        xor ax, ax
        mov ds, ax
        mov ax, 0FFFFh
        mov es, ax
        mov ax, [0]
        mov [cs:vec0], ax

        in al, 92h
        call save               ; A20 off at start: bit 1 clear
        and al, 0FDh
        out 92h, al             ; keep it off
        mov byte [es:10h], 0A5h
        mov al, [0]
        call save               ; A5: the write wrapped around

        in al, 92h
        or al, 02h
        out 92h, al             ; A20 on
        in al, 92h
        call save               ; bit 1 set
        mov byte [es:10h], 3Ch
        mov al, [0]
        call save               ; not 3C: low memory untouched
        mov al, [es:10h]
        call save               ; 3C

        in al, 92h
        and al, 0FDh
        out 92h, al             ; A20 off again
        in al, 92h
        call save               ; bit 1 clear
        mov byte [es:10h], 5Ah
        mov al, [0]
        call save               ; 5A

        mov ax, [cs:vec0]
        mov [0], ax
        sti
        push cs
        pop ds
        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, saved
        mov cx, [nsaved]
        shr cx, 1
.out:   lodsw
        call hex16
        call space
        loop .out
        mov ax, 4C00h
        int 21h

save:   mov ah, 0
        mov di, [cs:nsaved]
        mov [cs:saved + di], ax
        add word [cs:nsaved], 2
        ret

vec0    dw 0
eq      db "=$"
nsaved  dw 0
saved   times 16 dw 0

%include "lib.inc"
