using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Node.Peers;

/// <summary>
/// The features we put in <c>init</c>: only what Fulgur implements. Components that add a protocol feature add its
/// bit here.
/// </summary>
public static class LocalFeatures
{
    /// <summary>
    /// The ASSUMED features as compulsory (BOLT 9: they "are `ASSUMED` to be present by all nodes", and nodes keep
    /// setting the bits for older peers), <c>basic_mpp</c> as optional, and <c>gossip_queries</c> as optional.
    /// </summary>
    /// <remarks>
    /// BOLT 7 repurposed <c>gossip_queries</c>: offering it says a node keeps the whole gossip map and is worth
    /// querying, which a routing node (getroute over the full graph) does. BOLT 9 no longer lists a context for it, but
    /// deployed wallets still require it in <c>init</c> (Electrum 4 sets the even bit and refuses peers that lack it),
    /// so it stays in <c>init</c>, odd.
    /// </remarks>
    public static FeatureBits Init { get; } = FeatureBits.Empty
        .With(KnownFeatures.OptionDataLossProtect, FeatureSupport.Compulsory)
        .With(KnownFeatures.GossipQueries, FeatureSupport.Optional)
        .With(KnownFeatures.VarOnionOptin, FeatureSupport.Compulsory)
        .With(KnownFeatures.OptionStaticRemotekey, FeatureSupport.Compulsory)
        .With(KnownFeatures.PaymentSecret, FeatureSupport.Compulsory)
        .With(KnownFeatures.BasicMpp, FeatureSupport.Optional)
        .With(KnownFeatures.OptionChannelType, FeatureSupport.Optional);
}
