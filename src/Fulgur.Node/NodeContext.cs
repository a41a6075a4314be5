using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Node.Rpc;
using Fulgur.Node.Storage;

namespace Fulgur.Node;

/// <summary>What components are built from: the shared parts the host creates before composing the node.</summary>
public sealed record NodeContext(
    NodeConfig Config,
    NodeLog Log,
    PrivateKey NodeKey,
    NodeIdentity Identity,
    IStore Store,
    NodeStatus Status,
    NodeLifetime Lifetime,
    RpcCommandRegistry Commands,
    TimeProvider Clock);
