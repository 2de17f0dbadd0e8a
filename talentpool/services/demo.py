DEMO_PASSWORD = "demo-password"
DEMO_LOGINS = []
def seed_demo_company(session):
    return False
