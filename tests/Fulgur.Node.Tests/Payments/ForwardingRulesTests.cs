using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Payments;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Payments;

/// <summary>The switch's pure decisions: forward checks to BOLT 4 failure codes, the final hop's checks, and failure attribution.</summary>
public sealed class ForwardingRulesTests
{
    private static readonly ForwardingPolicy Policy = new(new MilliSatoshi(1000), 10, new CltvExpiryDelta(34));
    private static readonly BlockHeight Height = new(500);
    private static readonly ByteVector Update = new([0x01, 0x02, 0xaa]);
    private static readonly NodeId Peer = new(PrivateKey.Generate().PublicKey);

    private static ForwardingChannel Channel(bool normal = true, bool closing = false, bool connected = true) =>
        new(default, Peer, ShortChannelId.Create(103, 1, 0), normal, closing, connected, new MilliSatoshi(1_000_000_000),
            new MilliSatoshi(1000), new MilliSatoshi(500_000_000));

    /// <summary>Forwarding 10,000,000 msat with the exact fee (1,100 msat) and delta (34 blocks) from height 500.</summary>
    private static FailureMessage? Check(ForwardingChannel? channel, long inMsat = 10_001_100, uint inExpiry = 600, long outMsat = 10_000_000,
        uint outExpiry = 566) =>
        ForwardingRules.CheckForward(new MilliSatoshi(inMsat), new CltvExpiry(inExpiry), new MilliSatoshi(outMsat), new CltvExpiry(outExpiry),
            channel, Policy, Height, () => Update);

    [Fact]
    public void A_forward_paying_the_fee_and_delta_passes() => Assert.Null(Check(Channel()));

    [Fact]
    public void Each_violation_maps_to_its_BOLT_4_code()
    {
        Assert.Equal(FailureCode.UnknownNextPeer, Check(null)!.Code);
        Assert.Equal(FailureCode.PermanentChannelFailure, Check(Channel(normal: false, closing: true))!.Code);
        Assert.Equal(FailureCode.AmountBelowMinimum, Check(Channel(), inMsat: 2000, outMsat: 999)!.Code);
        Assert.Equal(FailureCode.FeeInsufficient, Check(Channel(), inMsat: 10_001_099)!.Code);
        Assert.Equal(FailureCode.IncorrectCltvExpiry, Check(Channel(), outExpiry: 567)!.Code);
        Assert.Equal(FailureCode.ExpiryTooSoon, Check(Channel(), inExpiry: 536, outExpiry: 502)!.Code);
        Assert.Equal(FailureCode.ExpiryTooFar, Check(Channel(), inExpiry: 2600, outExpiry: 2500)!.Code);
        Assert.Equal(FailureCode.ChannelDisabled, Check(Channel(connected: false))!.Code);
        Assert.Equal(FailureCode.TemporaryChannelFailure, Check(Channel(), inMsat: 600_007_000, outMsat: 600_000_000)!.Code);
    }

    [Fact]
    public void Update_failures_carry_our_channel_update()
    {
        var failure = Check(Channel(), inMsat: 10_001_099);
        Assert.True(failure!.TryGetChannelUpdate(out var update));
        Assert.Equal(Update, update);
        var parsed = FailureMessage.TryRead(failure.ToArray(), out var roundTrip, out _);
        Assert.True(parsed);
        Assert.Equal(FailureCode.FeeInsufficient, roundTrip!.Code);
    }

    [Fact]
    public void The_final_hop_checks_the_htlc_against_its_payload()
    {
        var payload = HopPayload.ForFinalNode(new MilliSatoshi(5000), new CltvExpiry(520));
        Assert.Null(ForwardingRules.CheckFinal(new MilliSatoshi(5000), new CltvExpiry(520), payload, Height));
        Assert.Equal(FailureCode.FinalIncorrectCltvExpiry, ForwardingRules.CheckFinal(new MilliSatoshi(5000), new CltvExpiry(519), payload, Height)!.Code);
        Assert.Equal(FailureCode.FinalIncorrectHtlcAmount, ForwardingRules.CheckFinal(new MilliSatoshi(4999), new CltvExpiry(520), payload, Height)!.Code);
    }

    [Fact]
    public void A_failure_from_hop_k_names_route_k_and_the_next_channel_or_0_0_0()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => PrivateKey.Generate()).ToList();
        var route = keys.Select((k, i) => new PaymentHop(new NodeId(k.PublicKey), ShortChannelId.Create(100 + (uint)i, 1, 0),
            new MilliSatoshi(1000), 10)).ToList();
        using var session = PrivateKey.Generate();
        var secrets = SphinxBuilder.DeriveSharedSecrets(session, keys.Select(k => k.PublicKey).ToList());
        var self = new NodeId(PrivateKey.Generate().PublicKey);

        // The middle hop (index 2) could not use the third channel.
        var middle = FailurePacket.Forward(secrets[0], FailurePacket.Create(secrets[1], new TemporaryChannelFailure(ByteVector.Empty)));
        var failure = FailureAttribution.Attribute(new UpdateFailHtlcMessage(default, 0, new ByteVector(middle), null, Fulgur.Protocol.Wire.Tlv.TlvStream.Empty),
            route, secrets, self);
        Assert.Equal((204, 2, route[1].Id, route[2].Channel, (ushort)0x1007), (failure.Code, failure.ErringIndex, failure.ErringNode,
            failure.ErringChannel, failure.FailCode));
        Assert.Equal("failed: WIRE_TEMPORARY_CHANNEL_FAILURE (reply from remote)", failure.Message);

        // The destination's PERM failure is 203 with 0:0:0.
        var last = FailurePacket.Forward(secrets[0], FailurePacket.Forward(secrets[1],
            FailurePacket.Create(secrets[2], new IncorrectOrUnknownPaymentDetails(new MilliSatoshi(1000), Height))));
        failure = FailureAttribution.Attribute(new UpdateFailHtlcMessage(default, 0, new ByteVector(last), null, Fulgur.Protocol.Wire.Tlv.TlvStream.Empty),
            route, secrets, self);
        Assert.Equal((203, 3, "0:0:0", (ushort)16399), (failure.Code, failure.ErringIndex, failure.ErringChannel.ToString(), failure.FailCode));
        Assert.Null(FailureAttribution.ToRoutingFailure(failure, route)!.ErringChannel);

        // Garbage is 202 with the reply kept.
        var garbage = new byte[300];
        failure = FailureAttribution.Attribute(new UpdateFailHtlcMessage(default, 0, new ByteVector(garbage), null, Fulgur.Protocol.Wire.Tlv.TlvStream.Empty),
            route, secrets, self);
        Assert.Equal(202, failure.Code);
        Assert.Equal(garbage, failure.OnionReply);
        Assert.Null(FailureAttribution.ToRoutingFailure(failure, route));
    }
}
