using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fulgur.Protocol.Transport;

/// <summary>
/// BOLT 8's <c>encryptWithAD</c>/<c>decryptWithAD</c>: ChaCha20-Poly1305 (RFC 8439) with a 64-bit Noise nonce.
/// The output is the ciphertext followed by its 16-byte tag, as it appears on the wire.
/// </summary>
internal static class NoiseAead
{
    public const int KeyLength = 32;
    public const int TagLength = 16;
    private const int NonceLength = 12;

    /// <summary>Writes <c>encrypt(k, n, ad, plaintext)</c> (plaintext.Length + 16 bytes) into <paramref name="output"/>.</summary>
    public static void Encrypt(ChaCha20Poly1305 aead, ulong nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext,
        Span<byte> output)
    {
        Span<byte> n = stackalloc byte[NonceLength];
        WriteNonce(nonce, n);
        aead.Encrypt(n, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, TagLength), associatedData);
    }

    /// <summary>
    /// <c>decrypt(k, n, ad, ciphertext)</c>: false (and <paramref name="plaintext"/> cleared) when the MAC does not verify.
    /// <paramref name="ciphertextAndTag"/> is the ciphertext followed by its tag; the plaintext is 16 bytes shorter.
    /// </summary>
    public static bool TryDecrypt(ChaCha20Poly1305 aead, ulong nonce, ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        var length = ciphertextAndTag.Length - TagLength;
        Span<byte> n = stackalloc byte[NonceLength];
        WriteNonce(nonce, n);
        try
        {
            aead.Decrypt(n, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET clears the plaintext buffer before throwing; nothing unauthenticated escapes.
            return false;
        }
    }

    // BOLT #8: "with nonce `n` encoded as 32 zero bits, followed by a *little-endian* 64-bit value."
    private static void WriteNonce(ulong nonce, Span<byte> output)
    {
        output[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(output[4..], nonce);
    }
}
