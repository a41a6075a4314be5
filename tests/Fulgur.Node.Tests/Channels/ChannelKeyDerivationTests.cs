using Fulgur.Crypto;
using Fulgur.Node.Hsm;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Channels;

public sealed class ChannelKeyDerivationTests
{
    private static readonly byte[] Secret = Hex.Decode("0101010101010101010101010101010101010101010101010101010101010101");
    private static readonly NodeId PeerA = NodeId.Parse("035d2b1192dfba134e10e540875d366ebc8bc353d5aa766b80c090b39c3a5d885d");
    private static readonly NodeId PeerB = NodeId.Parse("02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619");

    [Fact]
    public void The_same_inputs_give_the_same_keys()
    {
        using var a = ChannelKeyDerivation.Derive(Secret, PeerA, 1);
        using var b = ChannelKeyDerivation.Derive(Secret, PeerA, 1);
        Assert.Equal(a.Basepoints, b.Basepoints);
        Assert.Equal(a.PerCommitmentPoint(new Protocol.Channels.CommitmentNumber(0)), b.PerCommitmentPoint(new Protocol.Channels.CommitmentNumber(0)));
    }

    [Fact]
    public void Each_channel_and_each_peer_gets_its_own_keys()
    {
        using var first = ChannelKeyDerivation.Derive(Secret, PeerA, 1);
        using var second = ChannelKeyDerivation.Derive(Secret, PeerA, 2);
        using var other = ChannelKeyDerivation.Derive(Secret, PeerB, 1);
        var keys = new[] { first, second, other }.SelectMany(k => new[]
        {
            k.Basepoints.FundingPubkey, k.Basepoints.RevocationBasepoint, k.Basepoints.PaymentBasepoint,
            k.Basepoints.DelayedPaymentBasepoint, k.Basepoints.HtlcBasepoint,
        }).Select(k => k.ToHex()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
