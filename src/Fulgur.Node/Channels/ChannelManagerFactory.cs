using Fulgur.Node.Config;
using Fulgur.Node.Chain;
using Fulgur.Node.Hsm;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;

namespace Fulgur.Node.Channels;

/// <summary>Builds the <see cref="ChannelManager"/> from the node's parts (NodeComposition's one line).</summary>
internal static class ChannelManagerFactory
{
    public static ChannelManager Create(NodeContext context, ChainServices chain, IPeerNetwork peers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(chain);
        if (!HsmSecret.TryLoadOrCreate(context.Config.NetworkDir, out var secret, out var error))
            throw new NodeStartException(error);
        // BOLT #2 minimum_depth: what we ask of the funder, and how deep we wait as funder (--funding-confirms); the
        // to_self_delay we ask of peers (--watchtime-blocks) and the largest we accept from them (--max-locktime-blocks).
        var defaults = ChannelConfig.Default(context.Config.Network.ChainHash());
        var config = defaults with
        {
            MinimumDepth = context.Config.FundingConfirms,
            Limits = defaults.Limits with { ToSelfDelay = new ToSelfDelay(context.Config.WatchtimeBlocks) },
            MaxAcceptedToSelfDelay = new ToSelfDelay(context.Config.MaxLocktimeBlocks),
        };
        using (secret)
        {
            var manager = new ChannelManager(context.Store, peers, chain.Wallet, chain.Broadcaster, context.Status, config, secret.Bytes,
                context.Log.For("channels"), chain.Fees);
            chain.Watcher.Subscribe(manager);
            return manager;
        }
    }
}
