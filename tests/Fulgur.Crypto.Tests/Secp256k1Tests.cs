using System.Text;
using CsCheck;

namespace Fulgur.Crypto.Tests;

/// <summary>Known answers and properties of the libsecp256k1 binding.</summary>
public sealed class Secp256k1Tests
{
    private static readonly byte[] One = Hex.Decode("0000000000000000000000000000000000000000000000000000000000000001");
    private static readonly byte[] CurveOrder = Hex.Decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    [Fact]
    public void Secret_one_gives_the_generator()
    {
        using var key = PrivateKey.Create(One);
        Assert.Equal("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", key.PublicKey.ToHex());
        Assert.Equal(
            "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" +
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
            Hex.Encode(key.PublicKey.ToUncompressed()));
        Assert.Equal(key.PublicKey, PublicKey.Parse(key.PublicKey.ToUncompressed()));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("01")]
    public void Invalid_secrets_are_refused(string hex)
    {
        Assert.False(PrivateKey.TryCreate(Hex.Decode(hex), out _));
        Assert.Throws<ArgumentException>(() => PrivateKey.Create(Hex.Decode(hex)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817")] // 32 bytes
    [InlineData("0579be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")] // bad prefix
    [InlineData("020000000000000000000000000000000000000000000000000000000000000005")] // x not on the curve
    public void Invalid_public_keys_are_refused(string hex)
    {
        Assert.False(PublicKey.TryParse(Hex.Decode(hex), out _));
        Assert.Throws<FormatException>(() => PublicKey.Parse(Hex.Decode(hex)));
    }

    [Fact]
    public void Rfc6979_deterministic_signature()
    {
        // The widely published RFC 6979 secp256k1 vector: secret 1, SHA256("Satoshi Nakamoto"), low-S.
        using var key = PrivateKey.Create(One);
        var digest = Sha256.Hash(Encoding.ASCII.GetBytes("Satoshi Nakamoto"));
        var signature = key.Sign(digest);
        Assert.Equal(
            "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8" +
            "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            Hex.Encode(signature.ToCompact()));
        Assert.True(signature.IsLowS);
        Assert.True(key.PublicKey.Verify(digest, signature));
        Assert.Equal(
            "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8" +
            "02202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            Hex.Encode(signature.ToDer()));
    }

    [Fact]
    public void High_s_is_detected_normalized_and_not_verified()
    {
        using var key = PrivateKey.Create(One);
        var digest = Sha256.Hash("Satoshi Nakamoto"u8);
        var compact = key.Sign(digest).ToCompact();
        // s' = n - s is the same signature's high-S twin.
        var s = new System.Numerics.BigInteger(compact.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var n = new System.Numerics.BigInteger(CurveOrder, isUnsigned: true, isBigEndian: true);
        (n - s).TryWriteBytes(compact.AsSpan(32), out _, isUnsigned: true, isBigEndian: true);
        Assert.True(EcdsaSignature.TryParseCompact(compact, out var high));
        Assert.False(high.IsLowS);
        Assert.False(key.PublicKey.Verify(digest, high));
        Assert.True(key.PublicKey.Verify(digest, high.Normalize()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3006020101020101ff")]                   // trailing garbage
    [InlineData("3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8")] // truncated
    public void Malformed_der_is_refused(string hex) => Assert.False(EcdsaSignature.TryParseDer(Hex.Decode(hex), out _));

    [Fact]
    public void Compact_with_r_at_the_order_is_refused()
    {
        var compact = new byte[64];
        CurveOrder.CopyTo(compact, 0);
        compact[63] = 1;
        Assert.False(EcdsaSignature.TryParseCompact(compact, out _));
        Assert.False(EcdsaSignature.TryParseCompact(new byte[63], out _));
    }

    [Fact]
    public void Recoverable_signature_recovers_the_signer()
    {
        using var key = PrivateKey.Generate();
        var digest = Sha256.Hash("invoice"u8);
        var recoverable = key.SignRecoverable(digest);
        var compact = recoverable.ToCompact(out var recid);
        Assert.True(RecoverableSignature.TryParseCompact(compact, recid, out var parsed));
        Assert.True(parsed.TryRecover(digest, out var recovered));
        Assert.Equal(key.PublicKey, recovered);
        Assert.True(key.PublicKey.Verify(digest, parsed.ToSignature()));
        // The wrong recovery id recovers some other key (or none), never the signer.
        Assert.True(RecoverableSignature.TryParseCompact(compact, recid ^ 1, out var wrong));
        Assert.False(wrong.TryRecover(digest, out var other) && other == key.PublicKey);
        Assert.False(RecoverableSignature.TryParseCompact(compact, 4, out _));
    }

    /// <summary>BOLT 3 Appendix E: every derivation is a tweak, a multiplication or a combination of points.</summary>
    [Fact]
    public void Bolt3_AppendixE_key_derivation()
    {
        var baseSecret = Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var perCommitmentSecret = Hex.Decode("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");
        using var basepointSecret = PrivateKey.Create(baseSecret);
        using var commitmentSecret = PrivateKey.Create(perCommitmentSecret);
        var basepoint = basepointSecret.PublicKey;
        var perCommitmentPoint = commitmentSecret.PublicKey;
        Assert.Equal("036d6caac248af96f6afa7f904f550253a0f3ef3f5aa2fe6838a95b216691468e2", basepoint.ToHex());
        Assert.Equal("025f7117a78150fe2ef97db7cfc83bd57b2e2c0d0dd25eaf467a4a1c2a45ce1486", perCommitmentPoint.ToHex());

        // pubkey = basepoint + SHA256(per_commitment_point || basepoint) * G
        var tweak = Sha256.Hash([.. perCommitmentPoint.Compressed, .. basepoint.Compressed]);
        Assert.Equal("0235f2dbfaa89b57ec7b055afe29849ef7ddfeb1cefdb9ebdc43f5494984db29e5", basepoint.TweakAdd(tweak).ToHex());
        using var localPrivkey = basepointSecret.TweakAdd(tweak);
        Assert.Equal("cbced912d3b21bf196a766651e436aff192362621ce317704ea2f75d87e7be0f", Hex.Encode(localPrivkey.ToBytes()));
        Assert.Equal(basepoint.TweakAdd(tweak), localPrivkey.PublicKey);

        // revocationpubkey = revocation_basepoint * SHA256(revocation_basepoint || per_commitment_point)
        //                  + per_commitment_point * SHA256(per_commitment_point || revocation_basepoint)
        var revocationTweak = Sha256.Hash([.. basepoint.Compressed, .. perCommitmentPoint.Compressed]);
        var commitmentTweak = Sha256.Hash([.. perCommitmentPoint.Compressed, .. basepoint.Compressed]);
        var revocationPubkey = PublicKey.Combine(basepoint.TweakMul(revocationTweak), perCommitmentPoint.TweakMul(commitmentTweak));
        Assert.Equal("02916e326636d19c33f13e8c0c3a03dd157f332f3e99c317c141dd865eb01f8ff0", revocationPubkey.ToHex());

        using var a = basepointSecret.TweakMul(revocationTweak);
        using var b = commitmentSecret.TweakMul(commitmentTweak);
        using var revocationPrivkey = a.TweakAdd(b.ToBytes());
        Assert.Equal("d09ffff62ddb2297ab000cc85bcb4283fdeb6aa052affbc9dddcf33b61078110", Hex.Encode(revocationPrivkey.ToBytes()));
        Assert.Equal(revocationPubkey, revocationPrivkey.PublicKey);
    }

    /// <summary>BOLT 8 Appendix A, initiator act one: es = ECDH(e.priv, rs), then HKDF(ck, es).</summary>
    [Fact]
    public void Bolt8_act_one_ecdh_and_hkdf()
    {
        using var ephemeral = PrivateKey.FromHex("1212121212121212121212121212121212121212121212121212121212121212");
        var responderStatic = PublicKey.FromHex("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7");
        var es = ephemeral.Ecdh(responderStatic);
        Assert.Equal("1e2fb3c8fe8fb9f262f649f64d26ecf0f2c0a805a767cf02dc2d77a6ef1fdcc3", Hex.Encode(es));

        var (ck, tempK1) = Hkdf.Split64(Hex.Decode("2640f52eebcd9e882958951c794250eedb28002c05d7dc2ea0f195406042caf1"), es);
        Assert.Equal("b61ec1191326fa240decc9564369dbb3ae2b34341d1e11ad64ed89f89180582f", Hex.Encode(ck));
        Assert.Equal("e68f69b7f096d7917245f5e5cf8ae1595febe4d4644333c99f9c4a1282031c9f", Hex.Encode(tempK1));
    }

    /// <summary>BOLT 8's final split is HKDF(ck, zero-length ikm); RFC 5869 allows it and so must we.</summary>
    [Fact]
    public void Hkdf_accepts_an_empty_input_key()
    {
        var salt = Hex.Decode("919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01");
        var (first, second) = Hkdf.Split64(salt, ReadOnlySpan<byte>.Empty);
        var prk = HmacSha256.Compute(salt, ReadOnlySpan<byte>.Empty);
        var t1 = HmacSha256.Compute(prk, [0x01]);
        Assert.Equal(t1, first);
        Assert.Equal(HmacSha256.Compute(prk, [.. t1, 0x02]), second);
    }

    [Fact]
    public void Negation_and_combination()
    {
        using var key = PrivateKey.Generate();
        using var negated = key.Negate();
        Assert.Equal(key.PublicKey.Negate(), negated.PublicKey);
        Assert.NotEqual(key.PublicKey, negated.PublicKey);
        Assert.Throws<ArgumentException>(() => PublicKey.Combine(key.PublicKey, negated.PublicKey)); // P + (-P) = infinity
        Assert.Throws<ArgumentException>(() => PublicKey.Combine());
    }

    [Fact]
    public void Out_of_range_tweaks_are_errors_not_crashes()
    {
        using var key = PrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => key.TweakAdd(CurveOrder));
        Assert.Throws<ArgumentException>(() => key.TweakMul(new byte[32]));
        Assert.Throws<ArgumentException>(() => key.TweakAdd(new byte[31]));
        Assert.False(key.PublicKey.TryTweakAdd(CurveOrder, out _));
        Assert.False(key.PublicKey.TryTweakMul(new byte[32], out _));
    }

    [Fact]
    public void Disposed_key_is_zeroed_and_unusable()
    {
        var key = PrivateKey.Generate();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.ToBytes());
        Assert.Throws<ObjectDisposedException>(() => key.Sign(new byte[32]));
    }

    [Fact]
    public void Property_sign_verify_and_ecdh_agree()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((a, b, digest) =>
        {
            if (!PrivateKey.TryCreate(a, out var ka) || !PrivateKey.TryCreate(b, out var kb))
                return true;
            using (ka)
            using (kb)
            {
                var sig = ka.Sign(digest);
                var der = sig.ToDer();
                return ka.PublicKey.Verify(digest, sig)
                    && !kb.PublicKey.Verify(digest, sig)
                    && EcdsaSignature.TryParseDer(der, out var parsed) && parsed.Equals(sig)
                    && ka.Ecdh(kb.PublicKey).AsSpan().SequenceEqual(kb.Ecdh(ka.PublicKey))
                    && PublicKey.Parse(ka.PublicKey.ToCompressed()) == ka.PublicKey;
            }
        }, iter: 200);
    }

    [Fact]
    public void Property_garbage_never_throws_and_what_parses_round_trips()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var ok = true;
            if (PublicKey.TryParse(bytes, out var key))
                ok &= bytes.Length == 65 ? key.ToUncompressed().AsSpan().SequenceEqual(bytes) : key.Compressed.SequenceEqual(bytes);
            if (EcdsaSignature.TryParseDer(bytes, out var der))
                ok &= der.ToDer().AsSpan().SequenceEqual(bytes);
            if (EcdsaSignature.TryParseCompact(bytes, out var compact))
                ok &= compact.ToCompact().AsSpan().SequenceEqual(bytes);
            if (RecoverableSignature.TryParseCompact(bytes, bytes.Length % 5, out var recoverable))
                ok &= recoverable.ToCompact(out var recid).AsSpan().SequenceEqual(bytes) && recid == bytes.Length % 5;
            if (PrivateKey.TryCreate(bytes, out var secret))
            {
                using (secret)
                    ok &= secret.ToBytes().AsSpan().SequenceEqual(bytes);
            }
            return ok;
        }, iter: 2000);

        // Near-valid keys: a real key with one byte changed either parses to exactly those bytes or is refused.
        using var real = PrivateKey.Generate();
        var good = real.PublicKey.ToCompressed();
        Gen.Int[0, 32].Select(Gen.Byte).Sample((i, b) =>
        {
            var copy = (byte[])good.Clone();
            copy[i] ^= b;
            return !PublicKey.TryParse(copy, out var parsed) || parsed.Compressed.SequenceEqual(copy);
        }, iter: 500);
    }

    [Fact]
    public void Hex_rejects_bad_input()
    {
        Assert.False(Hex.TryDecode("abc", out _));
        Assert.False(Hex.TryDecode("zz", out _));
        Assert.Throws<FormatException>(() => Hex.Decode("0g"));
        Assert.Equal([0xAB, 0xCD], Hex.Decode("ABcd"));
        Assert.Equal("abcd", Hex.Encode([0xAB, 0xCD]));
    }
}
