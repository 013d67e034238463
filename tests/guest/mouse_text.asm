; The text pointer in mode 03h, moved by the host. Fills the screen with a
; pattern (cell i: character 'A' + i mod 26, attribute i mod 256), shows the
; pointer at (320, 96) = row 12, column 40, waits until the host moved it, then
; hides and shows it with other 0Ah text cursors. Prints "=" then the words the
; comments list, in order (from the top left corner); leaves the default
; pointer shown where the host put it.
%include "mouse_lib.inc"
        org 100h
        mov ax, 0B800h
        mov es, ax
        xor di, di
        xor bx, bx
.fill:  mov ax, bx
        xor dx, dx
        mov cx, 26
        div cx                  ; DL = i mod 26
        mov al, dl
        add al, 'A'
        mov ah, bl
        stosw
        inc bx
        cmp bx, 2000
        jb .fill
        mouse 0
        mouse_at 320, 96
        mouse 1
        save_cell 12, 40        ; the pointer: colours inverted
.wait:  mouse 3                 ; the host moves the pointer
        cmp cx, 320
        je .wait
        mov ax, cx
        call save               ; the column the host chose (x)
        mov ax, dx
        call save               ; and the row (y)
        save_cell 12, 40        ; the old cell is itself again
        save_cell 5, 10         ; the pointer at the new place (the test moves it there)
        mouse 2
        save_cell 5, 10         ; hidden: the cell itself
        text_cursor 0, 0, 4F18h
        mouse 1
        save_cell 5, 10         ; masks 0000/4F18: an arrow, white on red
        mouse 2
        save_crtc 0Ah
        save_crtc 0Bh
        save_crtc 0Eh
        save_crtc 0Fh           ; the CRTC's cursor before the driver takes it
        text_cursor 1, 5, 7     ; the CRTC's cursor, scan lines 5 to 7
        mouse 1
        save_cell 5, 10         ; the cell is left alone
        save_crtc 0Ah
        save_crtc 0Bh
        save_crtc 0Eh
        save_crtc 0Fh           ; 0E/0F: the cell's offset in words (5 * 80 + 10)
        mouse 2
        save_crtc 0Ah
        save_crtc 0Bh
        save_crtc 0Eh
        save_crtc 0Fh           ; given back
        text_cursor 0, 77FFh, 7700h
        mouse 1
        report_home

%include "lib.inc"
%include "results.inc"
