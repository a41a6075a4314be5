using Fulgur.Crypto;
using Fulgur.Protocol.Channels;

namespace Fulgur.Protocol.Tests.Channels;

public sealed class KeyDerivationTests
{
    private sealed record AppendixE(
        PrivateKey BaseSecret,
        PerCommitmentSecret PerCommitmentSecret,
        PublicKey BasePoint,
        PublicKey PerCommitmentPoint,
        Dictionary<string, string> Results);

    private static AppendixE Load()
    {
        var pairs = Bolt3Spec.Pairs(Bolt3Spec.Section("# Appendix E", "# Appendix F"));
        var common = pairs.TakeWhile(p => p.Key != "name").ToDictionary(p => p.Key, p => p.Value);
        var results = pairs.Where(p => p.Key.EndsWith("key", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
        return new AppendixE(
            PrivateKey.Create(Bolt3Spec.HexBytes(common["base_secret"])),
            PerCommitmentSecret.Create(Bolt3Spec.HexBytes(common["per_commitment_secret"])),
            PublicKey.Parse(Bolt3Spec.HexBytes(common["base_point"])),
            PublicKey.Parse(Bolt3Spec.HexBytes(common["per_commitment_point"])),
            results);
    }

    private static string Expected(AppendixE e, string key) => Hex.Encode(Bolt3Spec.HexBytes(e.Results[key]));

    [SkippableFact]
    public void Points_match_their_secrets()
    {
        var e = Load();
        Assert.Equal(e.BasePoint, e.BaseSecret.PublicKey);
        Assert.Equal(e.PerCommitmentPoint, e.PerCommitmentSecret.Point);
    }

    [SkippableFact]
    public void Derivation_of_pubkey_from_basepoint_and_per_commitment_point_reference_test_vector()
    {
        var e = Load();
        Assert.Equal(Expected(e, "localpubkey"), KeyDerivation.DerivePublicKey(e.BasePoint, e.PerCommitmentPoint).ToHex());
    }

    [SkippableFact]
    public void Derivation_of_private_key_from_basepoint_secret_and_per_commitment_secret_reference_test_vector()
    {
        var e = Load();
        using var key = KeyDerivation.DerivePrivateKey(e.BaseSecret, e.PerCommitmentPoint);
        Assert.Equal(Expected(e, "localprivkey"), Hex.Encode(key.ToBytes()));
        Assert.Equal(KeyDerivation.DerivePublicKey(e.BasePoint, e.PerCommitmentPoint), key.PublicKey);
    }

    [SkippableFact]
    public void Derivation_of_revocation_pubkey_from_basepoint_and_per_commitment_point_reference_test_vector()
    {
        var e = Load();
        Assert.Equal(Expected(e, "revocationpubkey"), KeyDerivation.DeriveRevocationPublicKey(e.BasePoint, e.PerCommitmentPoint).ToHex());
    }

    [SkippableFact]
    public void Derivation_of_revocation_secret_from_basepoint_secret_and_per_commitment_secret_reference_test_vector()
    {
        var e = Load();
        using var key = KeyDerivation.DeriveRevocationPrivateKey(e.BaseSecret, e.PerCommitmentSecret);
        Assert.Equal(Expected(e, "revocationprivkey"), Hex.Encode(key.ToBytes()));
        Assert.Equal(KeyDerivation.DeriveRevocationPublicKey(e.BasePoint, e.PerCommitmentPoint), key.PublicKey);
    }

    [SkippableFact]
    public void Appendix_c_keys_derive_from_their_basepoint_secrets()
    {
        // The INTERNAL lines of Appendix C: the vectors' keys are derived as per Key Derivation.
        var c = CommitmentVectors.Load();
        var keys = c.LocalKeys;
        Assert.Equal(c.Expected("local_htlcpubkey"), keys.LocalHtlcKey.ToHex());
        Assert.Equal(c.Expected("remote_htlcpubkey"), keys.RemoteHtlcKey.ToHex());
        Assert.Equal(c.Expected("local_delayedpubkey"), keys.LocalDelayedKey.ToHex());
        Assert.Equal(c.Expected("local_revocation_pubkey"), keys.RevocationKey.ToHex());
        Assert.Equal(c.Expected("remote_payment_basepoint"), keys.RemotePaymentKey.ToHex());
        using var localPrivkey = KeyDerivation.DerivePrivateKey(c.LocalPaymentBasepointSecret, keys.PerCommitmentPoint);
        Assert.Equal(Hex.Encode(Bolt3Spec.PrivateKeyBytes(c.Expected("local_privkey"))), Hex.Encode(localPrivkey.ToBytes()));
    }

    [Fact]
    public void Commitment_keys_of_each_side_pair_up()
    {
        using var ours = TestChannelKeys.Create(1);
        using var theirs = TestChannelKeys.Create(2);
        var point = theirs.PerCommitmentPoint(new CommitmentNumber(7));
        // Their commitment, as they see it and as we build it for them.
        var keys = CommitmentKeys.Derive(theirs.Basepoints, ours.Basepoints, point);
        using var theirHtlc = theirs.HtlcKey(point);
        using var ourHtlc = ours.HtlcKey(point);
        using var theirDelayed = theirs.DelayedPaymentKey(point);
        Assert.Equal(keys.LocalHtlcKey, theirHtlc.PublicKey);
        Assert.Equal(keys.RemoteHtlcKey, ourHtlc.PublicKey);
        Assert.Equal(keys.LocalDelayedKey, theirDelayed.PublicKey);
        Assert.Equal(keys.RemotePaymentKey, ours.Basepoints.PaymentBasepoint);
        // Once they revoke it, we hold the revocation key.
        using var revocation = ours.RevocationKey(theirs.PerCommitmentSecrets.SecretFor(new CommitmentNumber(7)));
        Assert.Equal(keys.RevocationKey, revocation.PublicKey);
    }
}

/// <summary>Deterministic channel keys for tests.</summary>
internal static class TestChannelKeys
{
    public static ChannelKeys Create(byte tag)
    {
        PrivateKey Key(byte n)
        {
            var bytes = new byte[32];
            bytes[0] = tag;
            bytes[31] = n;
            return PrivateKey.Create(bytes);
        }
        var seed = new byte[32];
        seed[5] = tag;
        return new ChannelKeys(Key(1), Key(2), Key(3), Key(4), Key(5), new PerCommitmentSecretGenerator(seed));
    }
}
