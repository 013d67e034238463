; Driven by the host: installs an event handler for left presses and releases
; (INT 33h/0Ch), waits for the left button to go down and up (03h), then for
; both handler calls. Prints "=" then: the position and buttons seen while the
; button was down (CX DX BX), 05h and 06h for the left button (AX BX CX DX
; each), 0Bh (CX DX), then per handler call AX BX CX DX.
        org 100h
        xor ax, ax
        int 33h
        mov ax, 0Ch
        mov cx, 06h             ; left pressed, left released
        push cs
        pop es
        mov dx, handler
        int 33h
        mov ax, 1
        int 33h                 ; the host waits for a shown pointer
.down:  mov ax, 3
        int 33h
        test bx, 1
        jz .down
        mov ax, cx
        call save
        mov ax, dx
        call save
        mov ax, bx
        call save
.up:    mov ax, 3
        int 33h
        test bx, 1
        jnz .up
.calls: cmp word [calls], 2
        jb .calls
        mov ax, 5
        xor bx, bx
        int 33h
        call four
        mov ax, 6
        xor bx, bx
        int 33h
        call four
        mov ax, 0Bh
        int 33h
        mov ax, cx
        call save
        mov ax, dx
        call save
        mov si, events
        mov cx, 8
.ev:    lodsw
        call save
        loop .ev
        jmp report

four:   call save
        mov ax, bx
        call save
        mov ax, cx
        call save
        mov ax, dx
        call save
        ret

; The driver's event handler: a far procedure called from the mouse interrupt.
handler:
        push ds
        push di
        push cs
        pop ds
        mov di, [calls]
        cmp di, 2
        jae .full
        shl di, 3
        mov [events + di], ax
        mov [events + di + 2], bx
        mov [events + di + 4], cx
        mov [events + di + 6], dx
        inc word [calls]
.full:  pop di
        pop ds
        retf

calls:  dw 0
events: times 8 dw 0

%include "lib.inc"
%include "results.inc"
