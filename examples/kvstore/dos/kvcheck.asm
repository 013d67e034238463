; KVCHECK.COM - calls every VKVS function, including the ones that fail, and
; prints one line per call: the call's name, CF, AX and CX (in hex).
; It leaves the key "kvcheck" behind for the host to read ("ran").
;
; Exit codes: 0 done; 1 VKVS is not installed.
        cpu 8086
        org 100h
%include "kvs.inc"

; KVCALL name, function, key, buffer, length: one call and its report line.
%macro KVCALL 5
        mov ah, %2
        mov si, %3
        mov di, %4
        mov cx, %5
        int KVS_INT
        mov dx, %1
        call report
%endmacro

start:
        call kvs_present
        jnc installed
        mov dx, msg_absent
        call print
        mov ax, 4C01h
        int 21h

installed:
        push ds
        pop es
        mov ah, KVS_CHECK
        int KVS_INT
        mov dx, n_check             ; "check AX BX"
        call print
        call print_hex
        call space
        mov ax, bx
        call print_hex
        call newline

        KVCALL n_count,    KVS_COUNT,  0,           0,      0
        KVCALL n_put,      KVS_PUT,    key_dos,     value,  value_len
        KVCALL n_get,      KVS_GET,    key_dos,     buffer, 64
        jc .skip
        mov dx, buffer              ; what came back, as it went in
        call write
        call newline
.skip:
        KVCALL n_small,    KVS_GET,    key_dos,     buffer, 4
        KVCALL n_missing,  KVS_GET,    key_missing, buffer, 64
        KVCALL n_delete,   KVS_DELETE, key_dos,     0,      0
        KVCALL n_again,    KVS_DELETE, key_dos,     0,      0
        KVCALL n_badfn,    7Fh,        key_dos,     0,      0
        KVCALL n_empty,    KVS_PUT,    key_empty,   value,  1
        KVCALL n_long,     KVS_PUT,    key_long,    value,  1
        KVCALL n_left,     KVS_PUT,    key_left,    ran,    3
        KVCALL n_count,    KVS_COUNT,  0,           0,      0
        mov ax, 4C00h
        int 21h

; report: DX = the call's name ('$'-terminated, ending in a space); prints it
; with CF, AX and CX as the call left them.
report:
        push ax
        mov al, '0'
        adc al, 0                   ; '0' or '1': CF before anything else changes it
        mov [cf_char], al
        pop ax
        call print
        push ax
        mov al, [cf_char]
        call putc
        call space
        pop ax
        call print_hex
        call space
        mov ax, cx
        call print_hex
        call newline
        ret

%include "kvio.inc"

n_check     db "check $"
n_count     db "count $"
n_put       db "put $"
n_get       db "get $"
n_small     db "get-small $"
n_missing   db "get-missing $"
n_delete    db "delete $"
n_again     db "delete-again $"
n_badfn     db "bad-function $"
n_empty     db "empty-key $"
n_long      db "long-key $"
n_left      db "put-kvcheck $"
msg_absent  db "KVCHECK: the VKVS key/value store is not installed (INT F5h)", 13, 10, "$"
key_dos     db "dos.key", 0
key_missing db "no.such.key", 0
key_empty   db 0
key_long    times 65 db "k"
            db 0
key_left    db "kvcheck", 0
value       db "value from DOS"
value_len   equ $ - value
ran         db "ran"
cf_char     db 0
buffer      times 64 db 0
