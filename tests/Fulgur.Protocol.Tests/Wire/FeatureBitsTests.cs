using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Tests.Wire;

public sealed class FeatureBitsTests
{
    [Fact]
    public void Bit_zero_is_the_lowest_bit_of_the_last_byte()
    {
        var bits = FeatureBits.FromBits(0, 9, 17);
        Assert.Equal("020201", bits.ToHex());
        Assert.True(bits.IsSet(0) && bits.IsSet(9) && bits.IsSet(17));
        Assert.False(bits.IsSet(1) || bits.IsSet(8) || bits.IsSet(100) || bits.IsSet(-1));
        Assert.Equal(17, bits.HighestSetBit);
        Assert.Equal([0, 9, 17], bits.SetBits);
    }

    [Fact]
    public void Wire_bytes_are_kept_as_received_but_equality_ignores_leading_zeros()
    {
        var padded = FeatureBits.FromHex("000002");
        Assert.Equal("000002", padded.ToHex());
        Assert.Equal(FeatureBits.FromBits(1), padded);
        Assert.Equal(FeatureBits.FromBits(1).GetHashCode(), padded.GetHashCode());
        Assert.True(FeatureBits.FromHex("0000").IsEmpty);
        Assert.Equal(FeatureBits.Empty, FeatureBits.FromHex("0000"));
        Assert.Equal(-1, FeatureBits.Empty.HighestSetBit);
    }

    [Fact]
    public void Support_follows_the_pair_and_both_bits_mean_mandatory()
    {
        var mpp = KnownFeatures.BasicMpp;
        Assert.Equal(FeatureSupport.None, FeatureBits.Empty.SupportOf(mpp));
        Assert.Equal(FeatureSupport.Optional, FeatureBits.FromBits(17).SupportOf(mpp));
        Assert.Equal(FeatureSupport.Compulsory, FeatureBits.FromBits(16).SupportOf(mpp));
        Assert.Equal(FeatureSupport.Compulsory, FeatureBits.FromBits(16, 17).SupportOf(mpp));
        var set = FeatureBits.FromBits(16, 17).With(mpp, FeatureSupport.Optional);
        Assert.Equal([17], set.SetBits);
        Assert.True(set.Offers(mpp));
        Assert.False(set.With(mpp, FeatureSupport.None).Offers(mpp));
    }

    [Fact]
    public void Union_is_bitwise_or()
    {
        Assert.Equal(FeatureBits.FromBits(1, 8, 40), FeatureBits.FromBits(1, 8) | FeatureBits.FromHex("010000000000"));
    }

    [Fact]
    public void Feature_vectors_round_trip_through_wire_bytes()
    {
        Gen.Int[0, 300].Array[0, 20].Sample(bits =>
        {
            var features = FeatureBits.FromBits(bits);
            var decoded = FeatureBits.FromWire(features.WireBytes);
            Assert.Equal(features, decoded);
            Assert.Equal(bits.Distinct().Order(), decoded.SetBits);
            // Minimal: no leading zero byte.
            Assert.True(features.WireBytes.IsEmpty || features.WireBytes[0] != 0);
        });
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            var features = FeatureBits.FromWire(bytes);
            Assert.Equal(Hex.Encode(bytes), features.ToHex());
            Assert.Equal(features, FeatureBits.FromBits(features.SetBits));
        });
    }

    [Fact]
    public void Unknown_even_bits_are_refused_unknown_odd_bits_ignored()
    {
        var local = FeatureBits.FromBits(13, 17, 23);
        // Bit 101 is unassigned: as odd it is ignored, as even the connection must close.
        Assert.Empty(FeatureRules.UnknownRequiredBits(FeatureBits.FromBits(101), local));
        var violation = Assert.Single(FeatureRules.UnknownRequiredBits(FeatureBits.FromBits(100), local));
        Assert.Equal(FeatureViolationKind.UnknownRequiredBit, violation.Kind);
        Assert.Equal(100, violation.Bit);
        // A known feature we do not support, required: also refused.
        Assert.Single(FeatureRules.UnknownRequiredBits(FeatureBits.FromBits(28), local));
        // Required features we support (as odd or even) and ASSUMED ones are fine.
        Assert.Empty(FeatureRules.UnknownRequiredBits(FeatureBits.FromBits(12, 16, 22, 8, 14, 0, 44), local));
    }

    [Fact]
    public void Dependencies_must_be_set()
    {
        // option_zeroconf needs option_scid_alias.
        var missing = Assert.Single(FeatureRules.MissingDependencies(FeatureBits.FromBits(51)));
        Assert.Equal(FeatureViolationKind.MissingDependency, missing.Kind);
        Assert.Equal(51, missing.Bit);
        Assert.Empty(FeatureRules.MissingDependencies(FeatureBits.FromBits(51, 47)));
        Assert.Empty(FeatureRules.MissingDependencies(FeatureBits.FromBits(50, 46)));
        // option_simple_close needs option_shutdown_anysegwit.
        Assert.Single(FeatureRules.MissingDependencies(FeatureBits.FromBits(61)));
        // basic_mpp needs payment_secret, which is ASSUMED.
        Assert.Empty(FeatureRules.MissingDependencies(FeatureBits.FromBits(17)));
    }

    [Fact]
    public void Remote_validation_combines_unknown_even_and_dependencies()
    {
        var local = FeatureBits.FromBits(47, 51);
        Assert.Equal(2, FeatureRules.ValidateRemote(FeatureBits.FromBits(50, 200), local).Count);
        Assert.Empty(FeatureRules.ValidateRemote(FeatureBits.FromBits(46, 50, 201), local));
    }

    [Fact]
    public void Local_validation_checks_both_bits_dependencies_and_context()
    {
        Assert.Equal(FeatureViolationKind.BothBitsSet, Assert.Single(FeatureRules.ValidateLocal(FeatureBits.FromBits(22, 23), FeatureContexts.Init)).Kind);
        // option_payment_metadata is for invoices only.
        Assert.Equal(FeatureViolationKind.NotAllowedInContext,
            Assert.Single(FeatureRules.ValidateLocal(FeatureBits.FromBits(49), FeatureContexts.Init)).Kind);
        Assert.Empty(FeatureRules.ValidateLocal(FeatureBits.FromBits(49), FeatureContexts.Invoice));
        // ASSUMED features may still be set for older peers.
        Assert.Empty(FeatureRules.ValidateLocal(FeatureBits.FromBits(8, 12, 14, 17, 23), FeatureContexts.Init));
        // option_anchors may appear in channel_type, option_support_large_channel may not.
        Assert.Empty(FeatureRules.OutsideContext(FeatureBits.FromBits(22), FeatureContexts.ChannelType));
        Assert.Single(FeatureRules.OutsideContext(FeatureBits.FromBits(18), FeatureContexts.ChannelType));
    }

    [Fact]
    public void Negotiation_needs_both_offers_or_our_even_bit()
    {
        var mpp = KnownFeatures.BasicMpp;
        Assert.True(FeatureRules.IsNegotiated(mpp, FeatureBits.FromBits(17), FeatureBits.FromBits(16)));
        Assert.False(FeatureRules.IsNegotiated(mpp, FeatureBits.FromBits(17), FeatureBits.Empty));
        Assert.True(FeatureRules.IsNegotiated(mpp, FeatureBits.FromBits(16), FeatureBits.Empty));
        Assert.True(FeatureRules.IsNegotiated(KnownFeatures.VarOnionOptin, FeatureBits.Empty, FeatureBits.Empty));
    }

    [Fact]
    public void Describe_names_known_bits()
    {
        Assert.Equal("var_onion_optin/even, basic_mpp/odd, 101/odd", FeatureBits.FromBits(8, 17, 101).Describe());
    }
}
