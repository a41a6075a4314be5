using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>Real signed gossip between freshly generated nodes, for the pure gossip tests.</summary>
internal sealed class GossipFactory
{
    public static readonly ChainHash Chain = ChainHash.Regtest;

    private readonly Dictionary<NodeId, PrivateKey> _keys = [];

    public NodeId NewNode()
    {
        var key = PrivateKey.Generate();
        var id = new NodeId(key.PublicKey);
        _keys[id] = key;
        return id;
    }

    public PrivateKey KeyOf(NodeId node) => _keys[node];

    public ChannelAnnouncementMessage Announce(ShortChannelId scid, NodeId a, NodeId b)
    {
        var fundingA = PrivateKey.Generate();
        var fundingB = PrivateKey.Generate();
        var unsigned = GossipSigner.CreateUnsignedChannelAnnouncement(Chain, scid, FeatureBits.Empty, a, b, fundingA.PublicKey, fundingB.PublicKey);
        var sigsA = GossipSigner.CreateAnnouncementSignatures(_keys[a], fundingA, ChannelId.All, unsigned);
        var sigsB = GossipSigner.CreateAnnouncementSignatures(_keys[b], fundingB, ChannelId.All, unsigned);
        return GossipSigner.Complete(unsigned, a, sigsA, sigsB);
    }

    public ChannelUpdateMessage Update(ShortChannelId scid, NodeId from, NodeId to, uint timestamp, long feeBase = 1000, bool disabled = false,
        bool dontForward = false) =>
        GossipSigner.CreateChannelUpdate(_keys[from], Chain, scid, ChannelEndpoints.Sorted(from, to), new GossipTimestamp(timestamp),
            new ChannelUpdatePolicy(new CltvExpiryDelta(34), new MilliSatoshi(1), new MilliSatoshi(feeBase), 10, new MilliSatoshi(100_000_000)),
            disabled, dontForward);

    public NodeAnnouncementMessage Node(NodeId node, uint timestamp, string alias = "alias") =>
        GossipSigner.CreateNodeAnnouncement(_keys[node], new GossipTimestamp(timestamp), FeatureBits.Empty, new RgbColor(1, 2, 3),
            NodeAlias.FromString(alias), NodeAddressList.Empty);
}
