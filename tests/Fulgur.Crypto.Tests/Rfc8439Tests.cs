using System.Security.Cryptography;
using System.Text;

namespace Fulgur.Crypto.Tests;

/// <summary>RFC 8439 test vectors: the raw ChaCha20 keystream (§2.3.2, §2.4.2, Appendix A.1/A.2) and the
/// ChaCha20-Poly1305 AEAD (§2.8.2) that BOLT 8 uses through .NET.</summary>
public sealed class Rfc8439Tests
{
    private static readonly byte[] Key0To31 = Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void Section_2_3_2_BlockFunction()
    {
        var keystream = new byte[64];
        ChaCha20.Keystream(Key0To31, Hex.Decode("000000090000004a00000000"), 1, keystream);
        Assert.Equal(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e" +
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            Hex.Encode(keystream));
    }

    [Fact]
    public void Section_2_4_2_Encryption()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var ciphertext = new byte[plaintext.Length];
        ChaCha20.Xor(Key0To31, Hex.Decode("000000000000004a00000000"), 1, plaintext, ciphertext);
        Assert.Equal(
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b" +
            "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8" +
            "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736" +
            "5af90bbf74a35be6b40b8eedf2785e42874d",
            Hex.Encode(ciphertext));

        // Decryption is the same operation, and may run in place.
        ChaCha20.Xor(Key0To31, Hex.Decode("000000000000004a00000000"), 1, ciphertext, ciphertext);
        Assert.Equal(plaintext, ciphertext);
    }

    [Theory]
    // Appendix A.1, test vectors 1 and 2: all-zero key and nonce, counters 0 and 1.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", 0u,
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", 1u,
        "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f")]
    // Appendix A.1, test vector 5: a nonce with only its last byte set.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000002", 0u,
        "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c78a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d")]
    public void AppendixA1_Keystream(string key, string nonce, uint counter, string expected)
    {
        var keystream = new byte[64];
        ChaCha20.Keystream(Hex.Decode(key), Hex.Decode(nonce), counter, keystream);
        Assert.Equal(expected, Hex.Encode(keystream));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(7u)]
    public void Long_streams_match_block_by_block_streams(uint counter)
    {
        // Streams of three blocks or more go through the AEAD from counter 1 on; single blocks never do.
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        foreach (var length in new[] { 0, 1, 63, 64, 65, 191, 192, 193, 1300, 1366, 2600 })
        {
            var stream = new byte[length];
            ChaCha20.Keystream(key, nonce, counter, stream);
            var block = new byte[64];
            for (var offset = 0; offset < length; offset += 64)
            {
                ChaCha20.Keystream(key, nonce, counter + (uint)(offset / 64), block);
                Assert.Equal(block.AsSpan(0, Math.Min(64, length - offset)).ToArray(), stream.AsSpan(offset, Math.Min(64, length - offset)).ToArray());
            }

            // XOR in place with a random message and back.
            var message = RandomNumberGenerator.GetBytes(length);
            var buffer = (byte[])message.Clone();
            ChaCha20.Xor(key, nonce, counter, buffer, buffer);
            for (var i = 0; i < length; i++)
                Assert.Equal((byte)(message[i] ^ stream[i]), buffer[i]);
            ChaCha20.Xor(key, nonce, counter, buffer, buffer);
            Assert.Equal(message, buffer);
        }
    }

    [Fact]
    public void Wrong_key_or_nonce_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChaCha20.Keystream(new byte[31], new byte[12], 0, new byte[1]));
        Assert.Throws<ArgumentException>(() => ChaCha20.Keystream(new byte[32], new byte[8], 0, new byte[1]));
    }

    [Fact]
    public void Section_2_8_2_Aead()
    {
        var key = Hex.Decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        var nonce = Hex.Decode("070000004041424344454647");
        var aad = Hex.Decode("50515253c0c1c2c3c4c5c6c7");
        var plaintext = Encoding.ASCII.GetBytes(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        Assert.Equal(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" +
            "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" +
            "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
            "3ff4def08e4b7a9de576d26586cec64b6116",
            Hex.Encode(ciphertext));
        Assert.Equal("1ae10b594f09e26a7e902ecbd0600691", Hex.Encode(tag));

        tag[0] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => aead.Decrypt(nonce, ciphertext, tag, new byte[ciphertext.Length], aad));
    }
}
