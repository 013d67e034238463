; INT 33h without a host: reset, position, set position, ranges and clamping,
; the show/hide counter, motion counters, ratio and sensitivity, version,
; software reset, press info, and the virtual screen of mode 13h (x doubled).
; Prints "=" then the words the comments list, in order.
        org 100h
        xor ax, ax
        int 33h
        call save               ; FFFF: installed
        mov ax, bx
        call save               ; 0002: two buttons
        call pos                ; 0000 0140 0060: no button, centre (320,100) as whole cells
        mov ax, 4
        mov cx, 100
        mov dx, 50
        int 33h
        call pos                ; 0000 0060 0030: (96,48)
        mov ax, 7
        mov cx, 300
        mov dx, 200             ; given high first: still a range
        int 33h
        mov ax, 8
        mov cx, 20
        mov dx, 40
        int 33h
        call pos                ; 0000 00C8 0028: clamped into the ranges
        mov ax, 4
        mov cx, 1000
        mov dx, 0
        int 33h
        call pos                ; 0000 0128 0010: (300,20) as cells
        mov ax, 2Ah
        int 33h
        call save               ; FFFF: hidden after a reset
        mov ax, 1
        int 33h
        mov ax, 2Ah
        int 33h
        call save               ; 0000: shown
        mov ax, 1
        int 33h
        mov ax, 2Ah
        int 33h
        call save               ; 0000: showing again does not count up
        mov ax, 2
        int 33h
        mov ax, 2
        int 33h
        mov ax, 2Ah
        int 33h
        call save               ; FFFE: hidden twice
        mov ax, 0Bh
        int 33h
        mov ax, cx
        call save               ; 0000
        mov ax, dx
        call save               ; 0000
        mov ax, 0Fh
        mov cx, 16
        mov dx, 32
        int 33h
        mov ax, 1Ah
        mov bx, 10
        mov cx, 20
        mov dx, 30
        int 33h
        mov ax, 1Bh
        int 33h
        call bcd                ; 000A 0014 001E
        mov ax, 24h
        int 33h
        call bcd                ; 0626 0400 001E
        mov ax, 5
        xor bx, bx
        int 33h
        call save               ; 0000: buttons
        mov ax, bx
        call save               ; 0000: presses
        mov ax, 21h
        int 33h
        call save               ; FFFF
        mov ax, bx
        call save               ; 0002
        call pos                ; 0000 0140 0060: the ranges are full again

        mov ax, 13h
        int 10h
        xor ax, ax
        int 33h
        call pos                ; 0000 0140 0064: 640x200
        mov ax, 4
        mov cx, 639
        mov dx, 199
        int 33h
        call pos                ; 0000 027E 00C7: x in steps of 2
        mov ax, 3
        int 10h
        jmp report

pos:    mov ax, 3
        int 33h
bcd:    mov ax, bx
        call save
        mov ax, cx
        call save
        mov ax, dx
        call save
        ret

%include "lib.inc"
%include "results.inc"
