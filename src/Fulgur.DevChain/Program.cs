using System.Net;
using System.Runtime.InteropServices;
using Fulgur.Crypto;
using Fulgur.DevChain;
using Fulgur.DevChain.Rpc;

if (!DevChainOptions.TryParse(args, out var options, out var optionError))
{
    Console.Error.WriteLine($"fulgur-devchain: {optionError}");
    Console.Error.WriteLine(DevChainOptions.Usage);
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(DevChainOptions.Usage);
    return 0;
}

RegtestChain chain;
try
{
    chain = RegtestChain.Open(options.DataDirectory);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
{
    Console.Error.WriteLine($"fulgur-devchain: cannot open {options.DataDirectory}: {e.Message}");
    return 1;
}
using var chainLifetime = chain;
if (chain.LoadError is not null)
    Console.Error.WriteLine($"fulgur-devchain: {chain.LoadError}");

// bitcoind's cookie: "__cookie__:<64 hex>" in DIR/regtest/.cookie, readable by the user only, removed on shutdown.
string? cookiePath = null;
var user = options.RpcUser;
var password = options.RpcPassword;
if (user is null || password is null)
{
    user = "__cookie__";
    password = Hex.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    cookiePath = Path.Combine(chain.NetworkDirectory, ".cookie");
    File.WriteAllText(cookiePath, $"{user}:{password}");
    if (!OperatingSystem.IsWindows())
        File.SetUnixFileMode(cookiePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}

using var stopping = new CancellationTokenSource();
void RequestStop()
{
    try
    {
        stopping.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // Already shut down.
    }
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    RequestStop();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    RequestStop();
});

// The stop RPC answers first, then the server winds down.
var rpc = new ChainRpc(chain, () => _ = Task.Run(RequestStop));
using var server = new HttpRpcServer(options.RpcBind, options.RpcPort, user, password, rpc);
try
{
    server.Start();
}
catch (HttpListenerException e)
{
    Console.Error.WriteLine($"fulgur-devchain: cannot listen on {options.RpcBind}:{options.RpcPort}: {e.Message}");
    if (cookiePath is not null)
        File.Delete(cookiePath);
    return 1;
}

Console.Error.WriteLine(
    $"fulgur-devchain: ready: regtest at height {chain.Active.Height}, JSON-RPC on http://{options.RpcBind}:{options.RpcPort}/, datadir {options.DataDirectory}");

var serving = server.RunAsync(stopping.Token);
var mining = options.BlockTime > 0 ? MineEveryAsync(TimeSpan.FromSeconds(options.BlockTime), stopping.Token) : Task.CompletedTask;
try
{
    await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    // stop, SIGTERM or SIGINT.
}
await serving.ConfigureAwait(false);
await mining.ConfigureAwait(false);
// Let in-flight replies (the stop reply among them) finish, for at most five seconds.
var deadline = DateTime.UtcNow.AddSeconds(5);
while (server.InFlight > 0 && DateTime.UtcNow < deadline)
    await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
if (cookiePath is not null)
    File.Delete(cookiePath);
Console.Error.WriteLine("fulgur-devchain: stopped");
return 0;

async Task MineEveryAsync(TimeSpan interval, CancellationToken cancellationToken)
{
    using var timer = new PeriodicTimer(interval);
    var payTo = chain.Wallet.NewScript();
    try
    {
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            chain.Generate(1, payTo);
    }
    catch (OperationCanceledException)
    {
        // Shutting down.
    }
}
