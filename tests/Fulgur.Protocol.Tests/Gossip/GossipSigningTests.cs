using System.Net;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>Two nodes announcing a channel between them, and everything a receiver checks on the result.</summary>
public sealed class GossipSigningTests
{
    private static readonly ChainHash[] Chains = [ChainHash.Regtest];

    private static readonly FeatureBits LocalFeatures = FeatureBits.Empty
        .With(KnownFeatures.GossipQueries, FeatureSupport.Optional)
        .With(KnownFeatures.BasicMpp, FeatureSupport.Optional);

    private readonly PrivateKey _nodeA = PrivateKey.Create(Enumerable.Repeat((byte)0x11, 32).ToArray());
    private readonly PrivateKey _nodeB = PrivateKey.Create(Enumerable.Repeat((byte)0x22, 32).ToArray());
    private readonly PrivateKey _fundingA = PrivateKey.Create(Enumerable.Repeat((byte)0x33, 32).ToArray());
    private readonly PrivateKey _fundingB = PrivateKey.Create(Enumerable.Repeat((byte)0x44, 32).ToArray());
    private readonly ShortChannelId _scid = ShortChannelId.Parse("103x1x0");
    private readonly ChannelId _channelId = ChannelId.FromSpan(Enumerable.Repeat((byte)0x55, 32).ToArray());

    private NodeId IdA => new(_nodeA.PublicKey);

    private NodeId IdB => new(_nodeB.PublicKey);

    private ChannelAnnouncementMessage Unsigned(PrivateKey local, PrivateKey remote, PrivateKey localFunding, PrivateKey remoteFunding) =>
        GossipSigner.CreateUnsignedChannelAnnouncement(ChainHash.Regtest, _scid, FeatureBits.Empty, new NodeId(local.PublicKey),
            new NodeId(remote.PublicKey), localFunding.PublicKey, remoteFunding.PublicKey);

    private ChannelAnnouncementMessage Announce()
    {
        var fromA = Unsigned(_nodeA, _nodeB, _fundingA, _fundingB);
        var fromB = Unsigned(_nodeB, _nodeA, _fundingB, _fundingA);
        Assert.Equal(MessageRegistry.Encode(fromA), MessageRegistry.Encode(fromB));
        var sigsA = GossipSigner.CreateAnnouncementSignatures(_nodeA, _fundingA, _channelId, fromA);
        var sigsB = GossipSigner.CreateAnnouncementSignatures(_nodeB, _fundingB, _channelId, fromB);
        Assert.True(ChannelAnnouncementValidator.ValidateAnnouncementSignatures(sigsB, fromA, IdB).IsAccepted);
        Assert.True(ChannelAnnouncementValidator.ValidateAnnouncementSignatures(sigsA, fromB, IdA).IsAccepted);
        var completeA = GossipSigner.Complete(fromA, IdA, sigsA, sigsB);
        var completeB = GossipSigner.Complete(fromB, IdB, sigsB, sigsA);
        Assert.Equal(completeA, completeB);
        return completeA;
    }

    private static ChannelUpdatePolicy Policy => new(new CltvExpiryDelta(40), new MilliSatoshi(1000), new MilliSatoshi(1000), 100,
        new MilliSatoshi(900_000_000));

    private ChannelUpdateMessage Update(PrivateKey key, uint timestamp, bool disabled = false, bool dontForward = false,
        ChannelUpdatePolicy? policy = null) =>
        GossipSigner.CreateChannelUpdate(key, ChainHash.Regtest, _scid, ChannelEndpoints.Sorted(IdA, IdB), new GossipTimestamp(timestamp),
            policy ?? Policy, disabled, dontForward);

    private ChannelUpdateContext Context(ChannelUpdateMessage? previous = null) =>
        new(ChannelEndpoints.Sorted(IdA, IdB), Chains, previous, new GossipTimestamp(1_700_000_000), new Satoshi(1_000_000));

    [Fact]
    public void Both_ends_build_the_same_announcement_and_it_validates()
    {
        var announcement = Announce();
        Assert.True(announcement.NodeId1 < announcement.NodeId2);
        Assert.Equal(announcement.NodeId1 == IdA ? _fundingA.PublicKey : _fundingB.PublicKey, announcement.BitcoinKey1);
        Assert.Equal(GossipVerdict.Accepted, ChannelAnnouncementValidator.Validate(announcement, Chains, LocalFeatures));
        var decoded = Assert.IsType<ChannelAnnouncementMessage>(Decode(MessageRegistry.Encode(announcement)));
        Assert.True(ChannelAnnouncementValidator.Validate(decoded, Chains, LocalFeatures).IsAccepted);
    }

    [Fact]
    public void Announcement_hash_covers_everything_after_the_four_signatures()
    {
        var announcement = Announce();
        var bytes = MessageRegistry.Encode(announcement);
        Assert.Equal(Sha256.DoubleHash(bytes.AsSpan(2 + 256)), GossipHash.Of(announcement));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Announcement_with_any_signature_wrong_is_rejected_with_a_warning(int which)
    {
        var announcement = Announce();
        var wrong = _fundingA.Sign(Sha256.Hash("something else"u8));
        var bad = which switch
        {
            0 => announcement with { NodeSignature1 = wrong },
            1 => announcement with { NodeSignature2 = wrong },
            2 => announcement with { BitcoinSignature1 = wrong },
            _ => announcement with { BitcoinSignature2 = wrong },
        };
        var verdict = ChannelAnnouncementValidator.Validate(bad, Chains, LocalFeatures);
        Assert.False(verdict.IsAccepted);
        Assert.Equal(GossipProblem.InvalidSignature, verdict.Problem);
        Assert.Equal(GossipResponse.Warn, verdict.Response);
    }

    [Fact]
    public void Tampered_announcement_fields_break_the_signatures()
    {
        var announcement = Announce();
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelAnnouncementValidator.Validate(announcement with { ShortChannelId = ShortChannelId.Parse("103x1x1") }, Chains,
                LocalFeatures).Problem);
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelAnnouncementValidator.Validate(announcement with { UnknownTlvs = TlvStream.Create(new TlvRecord(1001,
                ByteVector.Empty)) }, Chains,
                LocalFeatures).Problem);
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelAnnouncementValidator.Validate(announcement with { Features = FeatureBits.FromBits(7) }, Chains, LocalFeatures).Problem);
    }

    [Fact]
    public void Announcement_for_an_unknown_chain_is_ignored_quietly()
    {
        var verdict = ChannelAnnouncementValidator.Validate(Announce(), [ChainHash.Bitcoin], LocalFeatures);
        Assert.False(verdict.IsAccepted);
        Assert.Equal(GossipProblem.UnknownChain, verdict.Problem);
        Assert.Equal(GossipResponse.None, verdict.Response);
    }

    [Fact]
    public void Announcement_with_node_ids_out_of_order_is_rejected()
    {
        var announcement = Announce();
        var swapped = announcement with { NodeId1 = announcement.NodeId2, NodeId2 = announcement.NodeId1 };
        Assert.Equal(GossipProblem.NodeIdsNotOrdered, ChannelAnnouncementValidator.Validate(swapped, Chains, LocalFeatures).Problem);
    }

    [Fact]
    public void Announcement_with_an_unknown_even_feature_is_ignored()
    {
        var unsigned = GossipSigner.CreateUnsignedChannelAnnouncement(ChainHash.Regtest, _scid, FeatureBits.FromBits(100), IdA, IdB,
            _fundingA.PublicKey, _fundingB.PublicKey);
        var localIsNode1 = unsigned.NodeId1 == IdA;
        var sigsA = GossipSigner.CreateAnnouncementSignatures(_nodeA, _fundingA, _channelId, unsigned);
        var sigsB = GossipSigner.CreateAnnouncementSignatures(_nodeB, _fundingB, _channelId, unsigned);
        var announcement = GossipSigner.Complete(unsigned, IdA, sigsA, sigsB);
        var verdict = ChannelAnnouncementValidator.Validate(announcement, Chains, LocalFeatures);
        Assert.False(verdict.IsAccepted);
        Assert.Equal(GossipProblem.UnknownRequiredFeatures, verdict.Problem);
        // An unknown odd feature is fine.
        var odd = GossipSigner.CreateUnsignedChannelAnnouncement(ChainHash.Regtest, _scid, FeatureBits.FromBits(101), IdA, IdB,
            _fundingA.PublicKey, _fundingB.PublicKey);
        var oddAnnouncement = GossipSigner.Complete(odd, IdA,
            GossipSigner.CreateAnnouncementSignatures(_nodeA, _fundingA, _channelId, odd),
            GossipSigner.CreateAnnouncementSignatures(_nodeB, _fundingB, _channelId, odd));
        Assert.True(ChannelAnnouncementValidator.Validate(oddAnnouncement, Chains, LocalFeatures).IsAccepted);
        Assert.True(localIsNode1 || unsigned.NodeId1 == IdB);
    }

    [Fact]
    public void Announcement_signatures_from_the_wrong_keys_are_refused()
    {
        var announcement = Unsigned(_nodeA, _nodeB, _fundingA, _fundingB);
        var sigsB = GossipSigner.CreateAnnouncementSignatures(_nodeB, _fundingB, _channelId, announcement);
        // B's signatures presented as A's.
        var asA = ChannelAnnouncementValidator.ValidateAnnouncementSignatures(sigsB, announcement, IdA);
        Assert.Equal(GossipProblem.InvalidSignature, asA.Problem);
        Assert.Equal(GossipResponse.WarnAndDisconnect, asA.Response);
        // The right node signature with a bitcoin signature by the node key.
        var wrongBitcoin = sigsB with { BitcoinSignature = sigsB.NodeSignature };
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelAnnouncementValidator.ValidateAnnouncementSignatures(wrongBitcoin, announcement, IdB).Problem);
        var otherChannel = sigsB with { ShortChannelId = ShortChannelId.Parse("1x1x1") };
        var mismatch = ChannelAnnouncementValidator.ValidateAnnouncementSignatures(otherChannel, announcement, IdB);
        Assert.Equal(GossipProblem.ShortChannelIdMismatch, mismatch.Problem);
        Assert.Equal(GossipResponse.Warn, mismatch.Response);
        Assert.Throws<ArgumentException>(() => GossipSigner.CreateAnnouncementSignatures(_nodeA, _fundingB, _channelId, announcement));
    }

    [Fact]
    public void Expected_funding_script_is_the_p2wsh_of_the_sorted_2_of_2()
    {
        var announcement = Announce();
        var script = ChannelAnnouncementValidator.ExpectedFundingScript(announcement);
        Assert.True(script.IsP2Wsh);
        var (first, second) = _fundingA.PublicKey.Compressed.SequenceCompareTo(_fundingB.PublicKey.Compressed) < 0
            ? (_fundingA.PublicKey, _fundingB.PublicKey)
            : (_fundingB.PublicKey, _fundingA.PublicKey);
        var witnessScript = "52" + "21" + first.ToHex() + "21" + second.ToHex() + "52" + "ae";
        Assert.Equal("0020" + Hex.Encode(Sha256.Hash(Hex.Decode(witnessScript))), script.ToHex());
    }

    [Fact]
    public void Channel_update_is_signed_by_the_end_its_direction_names()
    {
        var fromA = Update(_nodeA, 1_700_000_000);
        var fromB = Update(_nodeB, 1_700_000_000);
        Assert.NotEqual(fromA.Direction, fromB.Direction);
        Assert.Equal(IdA < IdB ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2, fromA.Direction);
        Assert.Equal(GossipVerdict.Accepted, ChannelUpdateValidator.Validate(fromA, Context()));
        Assert.Equal(GossipVerdict.Accepted, ChannelUpdateValidator.Validate(fromB, Context()));
        Assert.True(fromA.MessageFlags.MustBeOne);
        Assert.False(fromA.ChannelFlags.HasUnassignedBits);
    }

    [Fact]
    public void Channel_update_with_the_wrong_direction_bit_fails_its_signature()
    {
        var fromA = Update(_nodeA, 1_700_000_000);
        // A signs an update claiming B's direction.
        var flipped = GossipSigner.Sign(_nodeA,
            fromA with { ChannelFlags = new ChannelUpdateChannelFlags((byte)(fromA.ChannelFlags.Value ^ 1)) });
        var verdict = ChannelUpdateValidator.Validate(flipped, Context());
        Assert.Equal(GossipProblem.InvalidSignature, verdict.Problem);
        Assert.Equal(GossipResponse.WarnAndDisconnect, verdict.Response);
    }

    [Fact]
    public void Channel_update_tampered_or_signed_by_a_stranger_is_refused()
    {
        var fromA = Update(_nodeA, 1_700_000_000);
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelUpdateValidator.Validate(fromA with { FeeBaseMsat = new MilliSatoshi(0) }, Context()).Problem);
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelUpdateValidator.Validate(fromA with { UnknownTlvs = TlvStream.Create(new TlvRecord(1001, new ByteVector([1]))) },
                Context()).Problem);
        var stranger = PrivateKey.Create(Enumerable.Repeat((byte)0x66, 32).ToArray());
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelUpdateValidator.Validate(GossipSigner.Sign(stranger, fromA), Context()).Problem);
        Assert.Throws<ArgumentException>(() => Update(stranger, 1));
    }

    [Fact]
    public void Channel_update_with_a_high_s_signature_still_verifies()
    {
        var fromA = Update(_nodeA, 1_700_000_000);
        var compact = fromA.Signature.ToCompact();
        // s -> n - s.
        var order = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
            System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(compact.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var highS = (order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var flippedCompact = compact[..32].Concat(new byte[32 - highS.Length]).Concat(highS).ToArray();
        Assert.True(EcdsaSignature.TryParseCompact(flippedCompact, out var malleated));
        Assert.False(malleated.IsLowS);
        Assert.True(ChannelUpdateValidator.Validate(fromA with { Signature = malleated }, Context()).IsAccepted);
    }

    [Fact]
    public void Channel_update_timestamp_rules()
    {
        var older = Update(_nodeA, 1_699_999_000);
        var current = Update(_nodeA, 1_699_999_500);
        var newer = Update(_nodeA, 1_700_000_000);
        Assert.True(ChannelUpdateValidator.Validate(newer, Context(current)).IsAccepted);
        Assert.Equal(GossipProblem.Stale, ChannelUpdateValidator.Validate(older, Context(current)).Problem);

        // Same timestamp, same fields: a duplicate (even re-signed).
        Assert.Equal(GossipProblem.Duplicate, ChannelUpdateValidator.Validate(current, Context(current)).Problem);
        // Same timestamp, other fields: the origin signed two policies for one second.
        var conflicting = Update(_nodeA, 1_699_999_500, policy: Policy with { FeeProportionalMillionths = 7 });
        var verdict = ChannelUpdateValidator.Validate(conflicting, Context(current));
        Assert.False(verdict.IsAccepted);
        Assert.Equal(GossipProblem.SameTimestampDifferentContent, verdict.Problem);

        Assert.Equal(ChannelUpdateOrdering.Newer, ChannelUpdateValidator.Compare(newer, current));
        Assert.Equal(ChannelUpdateOrdering.Older, ChannelUpdateValidator.Compare(older, current));
        Assert.Equal(ChannelUpdateOrdering.SameContent,
            ChannelUpdateValidator.Compare(current with { Signature = newer.Signature }, current));
        Assert.Equal(ChannelUpdateOrdering.SameTimestampDifferentContent, ChannelUpdateValidator.Compare(conflicting, current));

        // More than an hour ahead of our clock.
        var future = Update(_nodeA, 1_700_000_000 + 3601);
        Assert.Equal(GossipProblem.TimestampTooFarInFuture, ChannelUpdateValidator.Validate(future, Context()).Problem);
        Assert.True(ChannelUpdateValidator.Validate(Update(_nodeA, 1_700_000_000 + 3600), Context()).IsAccepted);
        Assert.Throws<ArgumentException>(() => Update(_nodeA, 0));
    }

    [Fact]
    public void Channel_update_for_another_chain_or_a_spent_channel_is_ignored()
    {
        var update = Update(_nodeA, 1_700_000_000);
        Assert.Equal(GossipProblem.UnknownChain,
            ChannelUpdateValidator.Validate(update, Context() with { KnownChains = [ChainHash.Bitcoin] }).Problem);
        Assert.Equal(GossipProblem.FundingOutputSpent,
            ChannelUpdateValidator.Validate(update, Context() with { FundingOutputSpent = true }).Problem);
        var disabling = Update(_nodeA, 1_700_000_000, disabled: true);
        Assert.True(disabling.IsDisabled);
        Assert.True(ChannelUpdateValidator.Validate(disabling, Context() with { FundingOutputSpent = true }).IsAccepted);
    }

    [Fact]
    public void Channel_update_restrictions_dont_forward_and_htlc_maximum()
    {
        var privateUpdate = Update(_nodeA, 1_700_000_000, dontForward: true);
        var verdict = ChannelUpdateValidator.Validate(privateUpdate, Context());
        Assert.True(verdict.IsAccepted);
        Assert.Equal(GossipRestrictions.DoNotRelay, verdict.Restrictions);

        var aboveCapacity = Update(_nodeA, 1_700_000_000, policy: Policy with { HtlcMaximumMsat = new MilliSatoshi(1_000_000_001) });
        var capacityVerdict = ChannelUpdateValidator.Validate(aboveCapacity, Context());
        Assert.True(capacityVerdict.IsAccepted);
        Assert.Equal(GossipProblem.HtlcMaximumAboveCapacity, capacityVerdict.Problem);
        Assert.Equal(GossipRestrictions.DoNotRouteThrough, capacityVerdict.Restrictions);

        // Someone else's update may have htlc_maximum_msat below htlc_minimum_msat; we may not sign one.
        var inverted = Update(_nodeA, 1_700_000_000);
        inverted = GossipSigner.Sign(_nodeA, inverted with { HtlcMaximumMsat = new MilliSatoshi(10) });
        var invertedVerdict = ChannelUpdateValidator.Validate(inverted, Context());
        Assert.Equal(GossipProblem.HtlcMaximumBelowMinimum, invertedVerdict.Problem);
        Assert.Equal(GossipRestrictions.DoNotRouteThrough, invertedVerdict.Restrictions);
        Assert.Throws<ArgumentException>(() => Update(_nodeA, 1, policy: Policy with { HtlcMaximumMsat = new MilliSatoshi(1) }));
    }

    [Fact]
    public void Channel_update_checksum_skips_signature_and_timestamp()
    {
        var update = Update(_nodeA, 1_700_000_000);
        var later = Update(_nodeA, 1_700_000_100);
        Assert.Equal(ChannelUpdateChecksum.Compute(update), ChannelUpdateChecksum.Compute(later));
        var changed = Update(_nodeA, 1_700_000_000, policy: Policy with { FeeBaseMsat = new MilliSatoshi(1001) });
        Assert.NotEqual(ChannelUpdateChecksum.Compute(update), ChannelUpdateChecksum.Compute(changed));
        var bytes = MessageRegistry.Encode(update);
        // Type (2), signature (64), chain_hash + short_channel_id (40), timestamp (4), then the rest.
        byte[] checksummed = [.. bytes.AsSpan(2 + 64, 40), .. bytes.AsSpan(2 + 64 + 40 + 4)];
        Assert.Equal(Crc32C.Compute(checksummed), ChannelUpdateChecksum.Compute(update));
    }

    [Fact]
    public void Channel_update_fee_follows_the_bolt7_formula()
    {
        var update = Update(_nodeA, 1_700_000_000, policy: Policy with { FeeBaseMsat = new MilliSatoshi(200),
            FeeProportionalMillionths = 2000 });
        // BOLT 7 routing example: 200 + (4999999 * 2000 / 1000000) = 10199.
        Assert.Equal(new MilliSatoshi(10199), update.FeeFor(new MilliSatoshi(4_999_999)));
    }

    [Fact]
    public void Node_announcement_is_signed_and_validated()
    {
        var addresses = NodeAddressList.Create(new IPv4NodeAddress(IPAddress.Parse("203.0.113.7"), 9735));
        var announcement = GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(1_700_000_000), LocalFeatures,
            new RgbColor(1, 2, 3),
            NodeAlias.FromString("fulgur"), addresses);
        var decoded = Assert.IsType<NodeAnnouncementMessage>(Decode(MessageRegistry.Encode(announcement)));
        Assert.Equal(announcement, decoded);
        Assert.Equal("fulgur", decoded.Alias.ToString());
        var context = new NodeAnnouncementContext(true, null, LocalFeatures);
        Assert.Equal(GossipVerdict.Accepted, NodeAnnouncementValidator.Validate(decoded, context));
        Assert.Equal(Sha256.DoubleHash(MessageRegistry.Encode(announcement).AsSpan(2 + 64)), GossipHash.Of(announcement));

        // Tampering, or another key, breaks the signature.
        var tampered = NodeAnnouncementValidator.Validate(decoded with { Alias = NodeAlias.FromString("mallory") }, context);
        Assert.Equal(GossipProblem.InvalidSignature, tampered.Problem);
        Assert.Equal(GossipResponse.Warn, tampered.Response);
        Assert.Equal(GossipProblem.InvalidSignature, NodeAnnouncementValidator.Validate(decoded with { NodeId = IdB }, context).Problem);
    }

    [Fact]
    public void Node_announcement_timestamp_and_known_node_rules()
    {
        var first = GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(100), LocalFeatures, default, NodeAlias.Empty,
            NodeAddressList.Empty);
        var second = GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(101), LocalFeatures, default, NodeAlias.Empty,
            NodeAddressList.Empty);
        Assert.True(NodeAnnouncementValidator.Replaces(second, first));
        Assert.False(NodeAnnouncementValidator.Replaces(first, second));
        Assert.False(NodeAnnouncementValidator.Replaces(first, first));
        Assert.True(NodeAnnouncementValidator.Validate(second,
            new NodeAnnouncementContext(true, first.Timestamp, LocalFeatures)).IsAccepted);
        Assert.Equal(GossipProblem.Stale,
            NodeAnnouncementValidator.Validate(first, new NodeAnnouncementContext(true, second.Timestamp, LocalFeatures)).Problem);
        Assert.Equal(GossipProblem.Duplicate,
            NodeAnnouncementValidator.Validate(first, new NodeAnnouncementContext(true, first.Timestamp, LocalFeatures)).Problem);
        Assert.Equal(GossipProblem.UnknownNode,
            NodeAnnouncementValidator.Validate(first, new NodeAnnouncementContext(false, null, LocalFeatures)).Problem);
    }

    [Fact]
    public void Node_announcement_restrictions_for_features_hostnames_and_truncated_addresses()
    {
        var context = new NodeAnnouncementContext(true, null, LocalFeatures);
        var unknownEven = GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(1), FeatureBits.FromBits(200), default,
            NodeAlias.Empty,
            NodeAddressList.Empty);
        var verdict = NodeAnnouncementValidator.Validate(unknownEven, context);
        Assert.True(verdict.IsAccepted);
        Assert.Equal(GossipRestrictions.DoNotConnect | GossipRestrictions.DoNotRouteThrough, verdict.Restrictions);

        var twoHostnames = NodeAddressList.FromWire(Hex.Decode("05" + "01" + "61" + "0001" + "05" + "01" + "62" + "0001"));
        var several = Resign(_nodeA, unknownEven with { Features = FeatureBits.Empty, Addresses = twoHostnames });
        var severalVerdict = NodeAnnouncementValidator.Validate(several, context);
        Assert.True(severalVerdict.IsAccepted);
        Assert.Equal(GossipProblem.SeveralHostnames, severalVerdict.Problem);
        Assert.Equal(GossipRestrictions.DoNotRelay, severalVerdict.Restrictions);

        var truncated = Resign(_nodeA, unknownEven with { Features = FeatureBits.Empty,
            Addresses = NodeAddressList.FromWire(Hex.Decode("01" + "0102")) });
        var truncatedVerdict = NodeAnnouncementValidator.Validate(truncated, context);
        Assert.True(truncatedVerdict.IsAccepted);
        Assert.Equal(GossipProblem.AddressesTruncated, truncatedVerdict.Problem);
        Assert.Equal(GossipResponse.Warn, truncatedVerdict.Response);
    }

    [Fact]
    public void Node_announcement_origin_rules()
    {
        var badAlias = new byte[32];
        badAlias[0] = 0xff;
        Assert.Throws<ArgumentException>(() => GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(1), LocalFeatures, default,
            new NodeAlias(Bytes32.FromSpan(badAlias)), NodeAddressList.Empty));
        // Features are sent minimal even when given with leading zero bytes.
        var padded = FeatureBits.FromWire([0, 0, 0x02]);
        var announcement = GossipSigner.CreateNodeAnnouncement(_nodeA, new GossipTimestamp(1), padded, default, NodeAlias.Empty,
            NodeAddressList.Empty);
        Assert.Equal([0x02], announcement.Features.WireBytes.ToArray());
    }

    /// <summary>Signs a hand-built announcement, for receiver cases our signer would refuse to create.</summary>
    private static NodeAnnouncementMessage Resign(PrivateKey key, NodeAnnouncementMessage announcement) =>
        announcement with { Signature = key.Sign(GossipHash.Of(announcement)) };

    private static IWireMessage Decode(byte[] bytes)
    {
        Assert.True(MessageRegistry.Default.TryDecode(bytes, out var message, out var error), error.ToString());
        return message;
    }
}
