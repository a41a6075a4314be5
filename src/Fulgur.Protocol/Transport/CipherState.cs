using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Transport;

/// <summary>
/// One direction of an established BOLT 8 session: a key (<c>sk</c> or <c>rk</c>), its nonce and its own chaining key
/// (<c>sck</c> or <c>rck</c>) for rotation. Not thread-safe; the sending and receiving directions are separate instances.
/// </summary>
internal sealed class CipherState : IDisposable
{
    // BOLT #8: "A key is to be rotated after a party encrypts or decrypts 1000 times with it (i.e. every 500 messages).
    // This can be properly accounted for by rotating the key once the nonce dedicated to it reaches 1000."
    public const ulong RotationNonce = 1000;

    private readonly byte[] _key = GC.AllocateArray<byte>(NoiseAead.KeyLength, pinned: true);
    private readonly byte[] _chainingKey = GC.AllocateArray<byte>(HandshakeState.HashLength, pinned: true);
    private ChaCha20Poly1305 _aead;
    private ulong _nonce;
    private bool _disposed;

    public CipherState(ReadOnlySpan<byte> key, ReadOnlySpan<byte> chainingKey)
    {
        if (key.Length != NoiseAead.KeyLength || chainingKey.Length != HandshakeState.HashLength)
            throw new ArgumentException("BOLT 8 keys and chaining keys are 32 bytes");
        key.CopyTo(_key);
        chainingKey.CopyTo(_chainingKey);
        _aead = new ChaCha20Poly1305(_key);
    }

    internal ReadOnlySpan<byte> Key => _key;

    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    internal ulong Nonce => _nonce;

    /// <summary>Encrypts with an empty AD into <paramref name="output"/> (plaintext.Length + 16 bytes), then advances the nonce.</summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // BOLT #8: "A zero-length byte slice is to be passed as the AD (associated data)."
        NoiseAead.Encrypt(_aead, _nonce, ReadOnlySpan<byte>.Empty, plaintext, output);
        // BOLT #8: "The nonce `sn` MUST be incremented after this step."
        Advance();
    }

    /// <summary>
    /// Decrypts <paramref name="ciphertextAndTag"/> with an empty AD; on success advances the nonce. On a MAC failure the
    /// nonce is left alone and false is returned.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!NoiseAead.TryDecrypt(_aead, _nonce, ReadOnlySpan<byte>.Empty, ciphertextAndTag, plaintext))
            return false;
        // BOLT #8: "The nonce `rn` MUST be incremented after this step."
        Advance();
        return true;
    }

    private void Advance()
    {
        if (++_nonce == RotationNonce)
            Rotate();
    }

    // BOLT #8: "Key rotation for a key `k` is performed according to the following steps:"
    private void Rotate()
    {
        Span<byte> okm = stackalloc byte[2 * NoiseAead.KeyLength];
        // BOLT #8: "`ck', k' = HKDF(ck, k)`"
        Hkdf.DeriveKey(_key, _chainingKey, ReadOnlySpan<byte>.Empty, okm);
        // BOLT #8: "Reset the nonce for the key to `n = 0`." then "`k = k'`" and "`ck = ck'`"
        _nonce = 0;
        okm[..HandshakeState.HashLength].CopyTo(_chainingKey);
        okm[HandshakeState.HashLength..].CopyTo(_key);
        CryptographicOperations.ZeroMemory(okm);
        _aead.Dispose();
        _aead = new ChaCha20Poly1305(_key);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_chainingKey);
    }
}
