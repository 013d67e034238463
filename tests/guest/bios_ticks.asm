; INT 1Ah/00h tick count: read it, then poll until it has advanced 9 times from
; the next edge (about half a second). Then 01h sets the count, and the count
; rolls over at midnight (1800B0h ticks) with AL = 1 once.
; Prints "=" then: CX DX AL of the first read, ticks counted, CX DX after
; setting 0012:3456, AL and CX:DX after the rollover, AL of the next read.
        org 100h
        mov ah, 00h
        int 1Ah
        mov [c0], cx
        mov [d0], dx
        mov ah, 0
        mov [a0], ax
.edge:  mov ah, 00h             ; wait for the count to change
        int 1Ah
        cmp dx, [d0]
        je .edge
        mov [d1], dx
.poll:  mov ah, 00h
        int 1Ah
        mov ax, dx
        sub ax, [d1]
        cmp ax, 9
        jb .poll
        mov [n], ax

        mov ah, 01h             ; set the count
        mov cx, 0012h
        mov dx, 3456h
        int 1Ah
        mov ah, 00h
        int 1Ah
        mov [c2], cx
        mov [d2], dx

        mov ah, 01h             ; one tick before midnight
        mov cx, 0018h
        mov dx, 00AFh
        int 1Ah
.mid:   mov ah, 00h
        int 1Ah
        cmp cx, 0018h
        je .mid
        mov ah, 0
        mov [a3], ax
        mov [c3], cx
        mov [d3], dx
        mov ah, 00h
        int 1Ah
        mov ah, 0
        mov [a4], ax

        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, c0
        mov cx, 10
.out:   lodsw
        call hex16
        call space
        loop .out
        mov ax, 4C00h
        int 21h

c0      dw 0
d0      dw 0
a0      dw 0
n       dw 0
c2      dw 0
d2      dw 0
a3      dw 0
c3      dw 0
d3      dw 0
a4      dw 0
d1      dw 0
eq      db "=$"

%include "lib.inc"
