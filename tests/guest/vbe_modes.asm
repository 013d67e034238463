; VBE 4F00h/4F01h: writes to MODES.BIN the 512-byte VbeInfoBlock, then, for
; each mode of its list, the mode number and its 256-byte ModeInfoBlock, then the
; list's end (FFFFh). Then mode 118h (1024x768, 32 bits): a white pixel at the very
; last place through the window in bank 47, set by a far call of the ModeInfoBlock's
; window function. Exit code: the failed check.
        org 100h
%include "vbe_lib.inc"

%macro write 2                  ; write %2 bytes at %1 to the file
        mov ah, 40h
        mov bx, [handle]
        mov cx, %2
        mov dx, %1
        int 21h
%endmacro

        mov ah, 3Ch                     ; create MODES.BIN
        xor cx, cx
        mov dx, fname
        int 21h
        jc fail
        mov [handle], ax
        mov bl, 01h                     ; no VESA mode yet: 4F06h and 4F07h are refused
        vbe 06h
        check ax, 034Fh, 1
        mov bl, 01h
        vbe 07h
        check ax, 034Fh, 2
        vbe 0Bh                         ; not a VBE 2.0 function: AL is not 4Fh
        check ax, 4F0Bh, 12
        mov dword [info], 'VBE2'
        mov di, info
        vbe 00h
        check ax, 004Fh, 3
        write info, 512
        mov ax, [info+10h]              ; the mode list's far pointer
        mov fs, ax
        mov si, [info+0Eh]
.next:  mov cx, [fs:si]
        mov [number], cx
        push cx
        write number, 2
        pop cx
        cmp cx, 0FFFFh
        je .done
        mov di, block
        vbe 01h
        check ax, 004Fh, 4
        write block, 256
        add si, 2
        jmp .next

.done:  mov ah, 3Eh
        mov bx, [handle]
        int 21h
        mov cx, 119h                    ; not a mode here
        mov di, block
        vbe 01h
        check ax, 014Fh, 5
        set_mode 119h
        check ax, 014Fh, 6
        set_mode 4118h                  ; with the linear framebuffer bit, which 4F03h gives back
        check ax, 004Fh, 7
        vbe 03h
        check bx, 4118h, 11
        mov cx, 118h
        mov di, block
        vbe 01h
        xor bx, bx                      ; bank 47 (bytes 2F0000h-2FFFFFh) by WinFuncPtr's far call
        mov dx, 47
        call far [block+0Ch]
        check ax, 004Fh, 8
        push es
        mov ax, 0A000h
        mov es, ax
        mov dword [es:0FFFCh], 00FFFFFFh
        pop es
        xor bx, bx                      ; bank 64 is past the 4 MiB
        mov dx, 64
        vbe 05h
        check ax, 014Fh, 9
        mov bx, 0001h                   ; there is no window B
        mov dx, 0
        vbe 05h
        check ax, 014Fh, 10
        xor al, al
fail:   mov ah, 4Ch
        int 21h
fname:  db "MODES.BIN", 0
handle: dw 0
number: dw 0
info:   times 512 db 0
block:  times 256 db 0
