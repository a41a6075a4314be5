using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Protocol.Wire.Features;

/// <summary>
/// BOLT 9's table of assigned feature flags, row for row (the spec-drift test compares this with
/// 09-features.md). Adding a feature is one line here.
/// </summary>
public static class KnownFeatures
{
    private const FeatureContexts I = FeatureContexts.Init;
    private const FeatureContexts N = FeatureContexts.NodeAnnouncement;
    private const FeatureContexts Nine = FeatureContexts.Invoice;
    private const FeatureContexts T = FeatureContexts.ChannelType;
    private const bool Assumed = true;

    public static readonly Feature OptionDataLossProtect = new("option_data_loss_protect", 0, FeatureContexts.None, Assumed, "ASSUMED");
    public static readonly Feature OptionUpfrontShutdownScript = new("option_upfront_shutdown_script", 4, I | N, false,
        "Commits to a shutdown scriptpubkey when opening channel");
    public static readonly Feature GossipQueries = new("gossip_queries", 6, FeatureContexts.None, false, "Peer has useful gossip to share");
    public static readonly Feature VarOnionOptin = new("var_onion_optin", 8, FeatureContexts.None, Assumed, "ASSUMED");
    public static readonly Feature GossipQueriesExtended = new("gossip_queries_ex", 10, I | N, false,
        "Gossip queries can include additional information");
    public static readonly Feature OptionStaticRemotekey = new("option_static_remotekey", 12, FeatureContexts.None, Assumed, "ASSUMED");
    public static readonly Feature PaymentSecret = new("payment_secret", 14, FeatureContexts.None, Assumed, "ASSUMED");
    public static readonly Feature BasicMpp = new("basic_mpp", 16, I | N | Nine, false,
        "Node can receive basic multi-part payments", PaymentSecret);
    public static readonly Feature OptionSupportLargeChannel = new("option_support_large_channel", 18, I | N, false,
        "Can create large channels");
    public static readonly Feature OptionAnchors = new("option_anchors", 22, I | N | T, false,
        "Anchor commitment type with zero fee HTLC transactions");
    public static readonly Feature OptionRouteBlinding = new("option_route_blinding", 24, I | N | Nine, false,
        "Node supports blinded paths");
    public static readonly Feature OptionShutdownAnysegwit = new("option_shutdown_anysegwit", 26, I | N, false,
        "Future segwit versions allowed in `shutdown`");
    public static readonly Feature OptionDualFund = new("option_dual_fund", 28, I | N, false,
        "Use v2 of channel open, enables dual funding");
    public static readonly Feature OptionQuiesce = new("option_quiesce", 34, I | N, false, "Support for `stfu` message");
    public static readonly Feature OptionAttributionData = new("option_attribution_data", 36, I | N | Nine, false,
        "Can generate/relay attribution data in `update_fail_htlc` and `update_fulfill_htlc`");
    public static readonly Feature OptionOnionMessages = new("option_onion_messages", 38, I | N, false, "Can forward onion messages");
    public static readonly Feature OptionProvideStorage = new("option_provide_storage", 42, I | N, false,
        "Can store other nodes' encrypted backup data");
    public static readonly Feature OptionChannelType = new("option_channel_type", 44, FeatureContexts.None, Assumed, "ASSUMED");
    public static readonly Feature OptionScidAlias = new("option_scid_alias", 46, I | N | T, false, "Supply channel aliases for routing");
    public static readonly Feature OptionPaymentMetadata = new("option_payment_metadata", 48, Nine, false,
        "Payment metadata in tlv record");
    public static readonly Feature OptionZeroconf = new("option_zeroconf", 50, I | N | T, false,
        "Understands zeroconf channel types", OptionScidAlias);
    public static readonly Feature OptionSimpleClose = new("option_simple_close", 60, I | N, false,
        "Simplified closing negotiation", OptionShutdownAnysegwit);
    public static readonly Feature OptionSplice = new("option_splice", 62, I | N, false,
        "Allows replacing the funding transaction with a new one");

    /// <summary>Every row, in bit order.</summary>
    public static readonly IReadOnlyList<Feature> All =
    [
        OptionDataLossProtect, OptionUpfrontShutdownScript, GossipQueries, VarOnionOptin, GossipQueriesExtended,
        OptionStaticRemotekey, PaymentSecret, BasicMpp, OptionSupportLargeChannel, OptionAnchors, OptionRouteBlinding,
        OptionShutdownAnysegwit, OptionDualFund, OptionQuiesce, OptionAttributionData, OptionOnionMessages,
        OptionProvideStorage, OptionChannelType, OptionScidAlias, OptionPaymentMetadata, OptionZeroconf,
        OptionSimpleClose, OptionSplice,
    ];

    private static readonly Dictionary<int, Feature> ByPair = All.ToDictionary(f => f.CompulsoryBit / 2);

    private static readonly Dictionary<string, Feature> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The feature either bit of whose pair is <paramref name="bit"/>.</summary>
    public static bool TryGetByBit(int bit, [NotNullWhen(true)] out Feature? feature)
    {
        feature = null;
        return bit >= 0 && ByPair.TryGetValue(bit / 2, out feature);
    }

    public static bool TryGetByName(string name, [NotNullWhen(true)] out Feature? feature) =>
        ByName.TryGetValue(name, out feature);
}
