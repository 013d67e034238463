; 15h/16h/17h: the driver state saved and restored, in mode 03h over a blank
; screen. The pointer, with the text masks 0000h/1E2Ah ('*' yellow on blue),
; is shown at (160, 80) - row 10, column 20 - when the state is saved; then
; moved to (400, 160), hidden and given the default masks; then the state is
; restored. Prints "=" then the words the comments list.
%include "mouse_lib.inc"
        org 100h
        mov ax, 3
        int 10h
        mouse 0
        text_cursor 0, 0, 1E2Ah
        mouse_at 160, 80
        mouse 1
        mouse 15h
        mov ax, bx
        call save               ; the size
        cmp bx, state_end - state
        ja .small
        push cs
        pop es
        mov dx, state
        mouse 16h
        mouse_at 400, 160
        mouse 2
        mouse 2
        text_cursor 0, 77FFh, 7700h
        save_counter            ; FFFE
        save_cell 10, 20        ; 0720
        save_cell 20, 50        ; 0720
        push cs
        pop es
        mov dx, state
        mouse 17h
        save_counter            ; 0000: shown again
        mouse 3
        mov ax, cx
        call save               ; 00A0
        mov ax, dx
        call save               ; 0050
        save_cell 10, 20        ; 1E2A: drawn where it was, as it was
        save_cell 20, 50        ; 0720
        report_home
.small: mov ax, 4C01h
        int 21h

state:  times 400 db 0
state_end:

%include "lib.inc"
%include "results.inc"
