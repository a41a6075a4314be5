using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Transport;

/// <summary>
/// The running variables of a BOLT 8 handshake: the chaining key <c>ck</c>, the handshake hash <c>h</c> and the current
/// intermediate key (<c>temp_k1</c>, <c>temp_k2</c> or <c>temp_k3</c>), with the operations the three acts are written in.
/// Secrets are zeroed on <see cref="Dispose"/>.
/// </summary>
internal sealed class HandshakeState : IDisposable
{
    public const int HashLength = 32;

    // The longest value ever mixed into h: Act Three's encrypted static key (33 + 16 bytes).
    private const int MaxMixLength = PublicKey.CompressedLength + NoiseAead.TagLength;

    private readonly byte[] _chainingKey = new byte[HashLength];
    private readonly byte[] _hash = new byte[HashLength];
    private readonly byte[] _tempKey = new byte[NoiseAead.KeyLength];

    /// <param name="responderStatic">The responder's static key: <c>rs</c> for the initiator, <c>ls</c> for the responder.</param>
    public HandshakeState(PublicKey responderStatic)
    {
        // BOLT #8: "`h = SHA-256(protocolName)`"
        Sha256.Hash("Noise_XK_secp256k1_ChaChaPoly_SHA256"u8, _hash);
        // BOLT #8: "`ck = h`"
        _hash.CopyTo(_chainingKey, 0);
        // BOLT #8: "`h = SHA-256(h || prologue)`" where "`prologue` is the ASCII string: `lightning`"
        MixHash("lightning"u8);
        // BOLT #8: "As a concluding step, both sides mix the responder's public key into the handshake digest"
        MixHash(responderStatic.Compressed);
    }

    public ReadOnlySpan<byte> ChainingKey => _chainingKey;

    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary><c>h = SHA-256(h || data)</c>.</summary>
    public void MixHash(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxMixLength)
            throw new ArgumentException("handshake data is at most 49 bytes", nameof(data));
        Span<byte> buffer = stackalloc byte[HashLength + MaxMixLength];
        _hash.CopyTo(buffer);
        data.CopyTo(buffer[HashLength..]);
        Sha256.Hash(buffer[..(HashLength + data.Length)], _hash);
    }

    /// <summary><c>ck, temp_k = HKDF(ck, ikm)</c>, where <paramref name="ikm"/> is the output of an ECDH.</summary>
    public void MixKey(ReadOnlySpan<byte> ikm)
    {
        Span<byte> okm = stackalloc byte[2 * HashLength];
        Hkdf.DeriveKey(ikm, _chainingKey, ReadOnlySpan<byte>.Empty, okm);
        okm[..HashLength].CopyTo(_chainingKey);
        okm[HashLength..].CopyTo(_tempKey);
        CryptographicOperations.ZeroMemory(okm);
    }

    /// <summary>
    /// <c>ck, temp_k = HKDF(ck, ECDH(local, remote))</c>.
    /// </summary>
    public void MixKey(PrivateKey local, PublicKey remote)
    {
        Span<byte> shared = stackalloc byte[HashLength];
        local.Ecdh(remote, shared);
        MixKey(shared);
        CryptographicOperations.ZeroMemory(shared);
    }

    /// <summary><c>encryptWithAD(temp_k, n, h, plaintext)</c> written to <paramref name="output"/> (plaintext.Length + 16 bytes).</summary>
    public void EncryptWithAd(ulong nonce, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        using var aead = new ChaCha20Poly1305(_tempKey);
        NoiseAead.Encrypt(aead, nonce, _hash, plaintext, output);
    }

    /// <summary><c>decryptWithAD(temp_k, n, h, c)</c>: false when the MAC does not verify.</summary>
    public bool TryDecryptWithAd(ulong nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        using var aead = new ChaCha20Poly1305(_tempKey);
        return NoiseAead.TryDecrypt(aead, nonce, _hash, ciphertextAndTag, plaintext);
    }

    /// <summary><c>c = encryptWithAD(temp_k, n, h, plaintext)</c> written to <paramref name="output"/>, then <c>h = SHA-256(h || c)</c>.</summary>
    public void EncryptAndHash(ulong nonce, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        EncryptWithAd(nonce, plaintext, output);
        MixHash(output[..(plaintext.Length + NoiseAead.TagLength)]);
    }

    /// <summary>
    /// <c>p = decryptWithAD(temp_k, n, h, c)</c>, then <c>h = SHA-256(h || c)</c>; false, with <c>h</c> unchanged, when the
    /// MAC does not verify.
    /// </summary>
    public bool TryDecryptAndHash(ulong nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        if (!TryDecryptWithAd(nonce, ciphertextAndTag, plaintext))
            return false;
        MixHash(ciphertextAndTag);
        return true;
    }

    /// <summary>
    /// The final split, <c>first, second = HKDF(ck, zero)</c>: <c>sk, rk</c> for the initiator, <c>rk, sk</c> for the responder.
    /// </summary>
    public void Split(Span<byte> first, Span<byte> second)
    {
        Span<byte> okm = stackalloc byte[2 * HashLength];
        Hkdf.DeriveKey(ReadOnlySpan<byte>.Empty, _chainingKey, ReadOnlySpan<byte>.Empty, okm);
        okm[..HashLength].CopyTo(first);
        okm[HashLength..].CopyTo(second);
        CryptographicOperations.ZeroMemory(okm);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_chainingKey);
        CryptographicOperations.ZeroMemory(_tempKey);
    }
}
