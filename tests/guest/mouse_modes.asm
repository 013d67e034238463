; A mode set takes the pointer off the screen and hides it, as the driver's
; INT 10h hook does; 26h, 1Dh/1Eh, 1Fh/20h. Prints "=" then the words the
; comments list.
%include "mouse_lib.inc"
        org 100h
        mov ax, 3
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov word [es:(12 * 80 + 40) * 2], 1F58h ; 'X' white on blue under the pointer
        mouse 0
        mouse 1
        save_cell 12, 40        ; 6058: the pointer (centre: 320, 100)
        mov ax, 83h             ; mode 03h again, memory kept
        int 10h
        save_cell 12, 40        ; 1F58: the cell, given back before the mode set
        save_counter            ; FFFF
        mouse 1
        save_cell 12, 40        ; 6058
        mov ax, 13h
        int 10h
        save_counter            ; FFFF
        save_pixel 161, 101     ; 0000: nothing drawn on the new screen
        mouse 26h
        call bcd                ; 0000 027F 00C7: enabled, 640x200
        mouse 1
        save_pixel 161, 101     ; 000F: the arrow at (160, 100), white inside its tip
        mouse 1Fh
        call save               ; 001F
        mov ax, es
        call save               ; INT 33h before the driver: segment
        mov ax, bx
        call save               ; and offset
        save_pixel 161, 101     ; 0000: disabled, off the screen
        mouse 26h
        mov ax, bx
        call save               ; 0001: disabled
        mouse 20h
        call save               ; 0020
        save_pixel 161, 101     ; 000F: back
        mov bx, 1
        mouse 1Dh
        mouse 1Eh
        mov ax, bx
        call save               ; 0001
        mov ax, 3
        int 10h
        report_home

bcd:    mov ax, bx
        call save
        mov ax, cx
        call save
        mov ax, dx
        call save
        ret

%include "lib.inc"
%include "results.inc"
